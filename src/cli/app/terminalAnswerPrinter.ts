import { cutGuidance } from "../../common/turn/guidanceCut";

interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Prints a streamed answer with the teacher's part marked: cyan on a terminal, inside ⟦ ⟧ when
 * piped. Guidance past its last clean boundary is held back until more arrives, because the
 * engine cuts there at the handoff and a terminal cannot take printed text back. Notes (the
 * teacher skipped, an error, a cut) go to `notes`, stderr, so the answer's stream holds the
 * answer and its summary line alone.
 */
export class TerminalAnswerPrinter {
  private held = "";
  /** Notes that arrived while the guidance was open: printed once it closes, so no half-word leaks. */
  private pendingNotes: string[] = [];
  private inGuidance = false;
  /** The answer's stream ends mid-line. */
  private midLine = false;
  /** What a terminal showing both streams shows ends mid-line. */
  private shownMidLine = false;

  constructor(
    private readonly out: Output,
    private readonly notes: Output = out,
  ) {}

  private get color(): boolean {
    return this.out.isTTY === true;
  }

  private write(text: string): void {
    if (text === "") return;
    this.out.write(text);
    this.midLine = !text.endsWith("\n");
    this.shownMidLine = this.midLine;
  }

  guidance(text: string): void {
    if (!this.inGuidance) {
      this.write(this.color ? "\x1b[36m" : "⟦");
      this.inGuidance = true;
    }
    const cut = cutGuidance(this.held + text);
    this.write(cut.kept);
    this.held = cut.dropped;
  }

  /** The student takes over from the guidance printed so far; the held half-word was cut off. */
  handoff(): void {
    this.held = "";
    this.closeGuidance();
  }

  student(text: string): void {
    this.closeGuidance();
    this.write(text);
  }

  note(text: string): void {
    if (this.inGuidance) this.pendingNotes.push(text);
    else this.printNote(text);
  }

  end(summary: string): void {
    this.closeGuidance();
    this.write(`${this.midLine ? "\n" : ""}${this.color ? "\x1b[2m" : ""}— ${summary}${this.color ? "\x1b[0m" : ""}\n`);
  }

  private closeGuidance(): void {
    if (!this.inGuidance) return;
    // Guidance that ended without a handoff (the teacher finished) keeps its last word.
    this.write(this.held);
    this.held = "";
    this.write(this.color ? "\x1b[0m" : "⟧");
    this.inGuidance = false;
    for (const text of this.pendingNotes.splice(0)) this.printNote(text);
  }

  private printNote(text: string): void {
    const color = this.notes.isTTY === true;
    this.notes.write(`${this.shownMidLine ? "\n" : ""}${color ? "\x1b[33m" : ""}[${text}]${color ? "\x1b[0m" : ""}\n`);
    this.shownMidLine = false;
    if (this.notes === this.out) this.midLine = false;
  }
}
