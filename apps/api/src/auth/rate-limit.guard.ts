import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { tooManyRequests } from '../common/problem';

// The per-address limits (all requests; logins and refreshes) of @nestjs/throttler, answered as
// a plain 429 problem with the standard Retry-After header (the library's own answer names its
// exception class and sends Retry-After-<throttler>).
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override throwThrottlingException(
    _ctx: ExecutionContext,
    limit: ThrottlerLimitDetail,
  ): Promise<void> {
    throw tooManyRequests(limit.timeToBlockExpire);
  }
}
