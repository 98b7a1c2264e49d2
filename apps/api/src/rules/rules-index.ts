import { HttpStatus, Logger } from '@nestjs/common';
import { RulesDataStore, RulesDataUnavailableError } from '@comity/rules-store';
import type { RulesIndex } from '@comity/treaty-rules';
import { ProblemException } from '../common/problem';

const logger = new Logger('RulesIndex');

// The current index, or 503 when the database holds no usable rules data (not loaded, or broken
// by a hand edit): evaluating without rules would answer wrongly, not just slowly.
export async function currentIndex(store: RulesDataStore): Promise<RulesIndex> {
  try {
    return await store.index();
  } catch (err) {
    if (err instanceof RulesDataUnavailableError) {
      // What is wrong (table names, data paths) is for operators: logged, not answered.
      logger.error(err.message);
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'Rules data unavailable',
        'The treaty rules data is not loaded or not usable; an operator must load it',
      );
    }
    throw err;
  }
}
