import { sleep } from '@temporalio/workflow';

// Bare durable timers, one per instant (epoch milliseconds, earliest first): how late Temporal and
// this machine fire a timer, with no Comity code in the way. Returns each one's lag.
export async function timerBaseline(instants: number[]): Promise<number[]> {
  const lags: number[] = [];
  for (const at of instants) {
    await sleep(Math.max(1, at - Date.now()));
    lags.push(Date.now() - at);
  }
  return lags;
}
