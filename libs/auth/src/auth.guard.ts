import { CanActivate, ExecutionContext, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditLog } from '@comity/audit';
import type { AuthUser } from './auth-user';
import { Authenticator } from './authenticator';
import { IS_PUBLIC_KEY } from './decorators';
import { requestAuditContext } from './request-context';

// Global: every route needs a valid credential unless marked @Public(). Every refusal is audited
// (global chain; ids and reason codes only).
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly audit: AuditLog,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (isPublic) return true;
    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthUser }>();
    const result = await this.authenticator.authenticate(req.headers.authorization);
    if (result.ok) {
      req.user = result.user;
      return true;
    }
    const { method, route, caseId } = requestAuditContext(ctx);
    await this.audit
      .record({
        caseId: null,
        action: 'auth.authenticate',
        actorId: result.actorId ?? null,
        outcome: 'denied',
        details: { reason: result.reason, method, route, targetCaseId: caseId },
      })
      .catch((err: unknown) => this.logger.error({ err }, 'Could not audit a refused request'));
    throw new UnauthorizedException(
      result.reason === 'idle_timeout'
        ? 'The session expired after inactivity; log in again'
        : 'Authentication required',
    );
  }
}
