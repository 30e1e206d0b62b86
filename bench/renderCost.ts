// Render cost of a streamed answer in the real panel (Debian's Chromium): a 20,000-token answer
// against a 10,000-token one, streamed in small chunks, side by side, fastest of interleaved
// rounds. Proportional work gives about 2x; re-rendering the answer per chunk gives about 4x.
import { init } from "../test/webview/support/fixtures";
import { longAnswer, streamAnswer } from "../test/webview/support/longAnswer";
import { startPanelTestHost } from "../test/webview/support/panelTestHost";

export interface RenderCostResult {
  tenMs: number;
  twentyMs: number;
  /** 20k / 10k. Target: at most 2.2. */
  ratio: number;
}

export async function measureRenderCost(rounds: number): Promise<RenderCostResult> {
  const host = await startPanelTestHost();
  try {
    const page = await host.open();
    await page.deliver(init());
    await streamAnswer(page, "warmup", longAnswer(2_000, 7));
    const ten = longAnswer(10_000, 1);
    const twenty = longAnswer(20_000, 2);
    const times = { ten: [] as number[], twenty: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.ten.push((await streamAnswer(page, `ten${round}`, ten)).ms);
      times.twenty.push((await streamAnswer(page, `twenty${round}`, twenty)).ms);
    }
    await page.close();
    const [tenMs, twentyMs] = [Math.min(...times.ten), Math.min(...times.twenty)];
    return { tenMs, twentyMs, ratio: twentyMs / tenMs };
  } finally {
    await host.close();
  }
}
