import { HttpStatus } from '@nestjs/common';
import { RulesDataStore, RulesDataUnavailableError } from '@comity/rules-store';
import type { RulesIndex } from '@comity/treaty-rules';
import { ProblemException } from '../common/problem';

// The current index, or 503 when the database holds no usable rules data (not loaded, or broken
// by a hand edit): evaluating without rules would answer wrongly, not just slowly.
export async function currentIndex(store: RulesDataStore): Promise<RulesIndex> {
  try {
    return await store.index();
  } catch (err) {
    if (err instanceof RulesDataUnavailableError) {
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'Rules data unavailable', err.message);
    }
    throw err;
  }
}
