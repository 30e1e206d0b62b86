import { formatSpend, formatUsd } from "../cost/money";
import { plural } from "../util/plural";
import type { PanelStatus } from "../status/setupStatus";

/**
 * The status bar's and the panel's spend: today and this month, all that counts against the limits
 * (the teacher's charges and a paid student server's), and a line that says which is which.
 */
export function spendSummary(sp: PanelStatus["spend"]): { today: string; month: string; detail: string } {
  const server = sp.server;
  const today = formatSpend(sp.todayUsd + (server?.todayUsd ?? 0), sp.todayUnknownTurns + (server?.todayUnknown ?? 0));
  const month = formatSpend(sp.monthUsd + (server?.monthUsd ?? 0), sp.monthUnknownTurns + (server?.monthUnknown ?? 0));
  const teacher = `Teacher spend today ${formatSpend(sp.todayUsd, sp.todayUnknownTurns)}, this month ${formatSpend(sp.monthUsd, sp.monthUnknownTurns)}`;
  const paidServer = server ? `; student server today ${formatSpend(server.todayUsd, server.todayUnknown)}, this month ${formatSpend(server.monthUsd, server.monthUnknown)}` : "";
  const unpriced = sp.monthUnknownTurns ? `; ${plural(sp.monthUnknownTurns, "answer")} this month had no known price, so their cost is not in the dollars (set one in headstart.prices)` : "";
  return { today, month, detail: `${teacher}${paidServer}; saved this month ${formatUsd(sp.monthSavingUsd)} vs teacher-only${unpriced}` };
}
