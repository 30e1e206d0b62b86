// `npm run spend`: the spend journal's figures in a terminal, the same as "Headstart: Show Spending".
import { parseArgs } from "node:util";
import { monthKey } from "../../common/util/calendarKeys";
import { errorMessage } from "../../common/util/errorMessage";
import { spendCsv, spendReport, spendReportLines } from "../../common/spend/spendReport";
import { SpendJournal } from "../../node/spend/spendJournal";
import { spendJournalPath } from "../../node/spend/spendJournalPath";
import { fail, runMain } from "../util/runMain";

const USAGE = `Usage: npm run spend -- [--month YYYY-MM] [--csv]

  --month M    the month to show; default this month
  --csv        print the journal's charges and turns as CSV instead (with --month, that month's)
  The journal is ${spendJournalPath()} ($HEADSTART_DATA_DIR moves it).`;

function main(): Promise<number> {
  return Promise.resolve(report());
}

function report(): number {
  let values;
  try {
    values = parseArgs({ options: { month: { type: "string" }, csv: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } } }).values;
  } catch (e) {
    console.error(`${errorMessage(e)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const month = values.month ?? monthKey(new Date());
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return fail(`--month must be a month such as ${monthKey(new Date())}, not “${month}”.`);
  const journal = new SpendJournal(spendJournalPath(), (problem) => console.error(problem));
  journal.refresh();
  if (values.csv) {
    const entries = values.month === undefined ? journal.totals.entries : journal.totals.entries.filter((e) => "at" in e && monthKey(new Date(e.at)) === month);
    process.stdout.write(spendCsv(entries));
    return 0;
  }
  for (const line of spendReportLines(spendReport(journal.totals, month))) console.log(line);
  return 0;
}

runMain(main);
