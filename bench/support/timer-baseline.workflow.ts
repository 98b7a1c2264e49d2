import { sleep } from '@temporalio/workflow';

// Bare durable timers, one per instant (epoch milliseconds, earliest first): how late Temporal and
// this machine fire a timer, with no Comity code in the way. Returns the lag of each one still
// ahead when its timer is set (the workflow may start late on a loaded machine).
export async function timerBaseline(instants: number[]): Promise<number[]> {
  const lags: number[] = [];
  for (const at of instants) {
    if (at <= Date.now()) continue;
    await sleep(at - Date.now());
    lags.push(Date.now() - at);
  }
  return lags;
}
