import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as workflows from '../../workflows/src';

// Saved histories of every path replay against the current workflow code: a change to a
// deployed workflow's command sequence without patched() fails here.
const HISTORIES = join(__dirname, 'histories');

function savedHistories() {
  return readdirSync(HISTORIES).flatMap((type) =>
    readdirSync(join(HISTORIES, type))
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({
        type,
        workflowId: `${type}/${f.replace(/\.json$/, '')}`,
        history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, type, f), 'utf8'))),
      })),
  );
}

describe('replay of saved histories', () => {
  const histories = savedHistories();

  it('should have at least one saved history for every workflow type', () => {
    const covered = new Set(histories.map((h) => h.type));
    expect(Object.keys(workflows).filter((type) => !covered.has(type))).toEqual([]);
  });

  it('should replay every saved history without a determinism violation', async () => {
    const failures: string[] = [];
    const results = Worker.runReplayHistories(
      { workflowsPath: require.resolve('../../workflows/src') },
      histories.map(({ workflowId, history }) => ({ workflowId, history })),
    );
    for await (const result of results) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(histories.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  it('should fail a history replayed against workflow code with a command added (control)', async () => {
    const [{ history }] = histories;
    await expect(
      Worker.runReplayHistory({ workflowsPath: require.resolve('./fixtures/nondeterministic-workflows') }, history),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
