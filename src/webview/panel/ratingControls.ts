// Thumbs up and down under a finished answer, with an optional one-line reason. Kept apart from
// the footer so the host's confirmation does not rebuild the reason box the user is typing in.
import { MAX_RATING_REASON_CHARS, type AnswerRating } from "../../common/history/answerRating";
import { button, h, setShown } from "../util/dom";
import { icon } from "../util/icons";

export type Rate = (value: AnswerRating["value"] | null, reason?: string) => void;

const LABELS = { up: "Good answer", down: "Poor answer" } as const;

export class RatingControls {
  readonly element: HTMLElement;
  private readonly buttons: Record<AnswerRating["value"], HTMLButtonElement>;
  private readonly reasonShown = h("span", { class: "rating-reason" });
  private readonly input = h("input", {
    type: "text",
    class: "rating-input",
    maxlength: String(MAX_RATING_REASON_CHARS),
    "aria-label": "Why? (optional) Enter keeps it, Escape skips it",
    placeholder: "Why? (optional, Enter to keep)",
  });
  private rating: AnswerRating | undefined;

  constructor(private readonly rate: Rate) {
    const make = (value: AnswerRating["value"]): HTMLButtonElement => {
      const b = button({ label: LABELS[value], icon: icon(value === "up" ? "thumb-up" : "thumb-down"), class: "icon-button rate-button", onClick: () => this.pressed(value) });
      b.dataset.value = value;
      return b;
    };
    this.buttons = { up: make("up"), down: make("down") };
    this.input.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        if (this.rating) this.rate(this.rating.value, this.input.value);
        this.closeReason();
      } else if (e.key === "Escape") {
        // Escape here closes the box; handled, so the page does not take it as Stop.
        e.preventDefault();
        this.closeReason();
      }
    });
    setShown(this.input, false);
    this.element = h("div", { class: "rating", role: "group", "aria-label": "Rate this answer" }, this.buttons.up, this.buttons.down, this.reasonShown, this.input);
    this.show(undefined);
  }

  /** Shows the rating as the host keeps it. */
  show(rating: AnswerRating | undefined): void {
    this.rating = rating;
    for (const value of ["up", "down"] as const) this.buttons[value].setAttribute("aria-pressed", String(rating?.value === value));
    this.reasonShown.textContent = rating?.reason ? `“${rating.reason}”` : "";
    setShown(this.reasonShown, rating?.reason !== undefined);
  }

  private pressed(value: AnswerRating["value"]): void {
    if (this.rating?.value === value) {
      // Pressing the chosen thumb again takes the rating back.
      this.rate(null);
      this.closeReason();
      return;
    }
    this.rating = { value, at: "" };
    this.rate(value);
    this.input.value = "";
    setShown(this.input, true);
    this.input.focus();
  }

  private closeReason(): void {
    const hadFocus = document.activeElement === this.input;
    setShown(this.input, false);
    if (hadFocus && this.rating) this.buttons[this.rating.value].focus();
  }
}
