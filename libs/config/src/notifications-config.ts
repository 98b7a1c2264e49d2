import 'reflect-metadata';
import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { validateEnv } from './validate-env';

// Outbound notifications: e-mail over SMTP (only when SMTP_URL is set) and the retry policy of
// webhook and e-mail deliveries (a Temporal activity retried with exponential backoff).
export class NotificationsEnvironment {
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @Matches(/^[^\r\n]{3,200}$/, { message: 'SMTP_FROM must be one line, e.g. Comity <no-reply@example.org>' })
  SMTP_FROM = 'Comity <no-reply@comity.local>';

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DELIVERY_RETRY_INITIAL_MS: number = 5_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DELIVERY_MAX_ATTEMPTS: number = 12;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  DELIVERY_TIMEOUT_MS: number = 10_000;
}

export interface NotificationsConfig {
  /** Null: e-mail is off, and no e-mail delivery is recorded. */
  smtpUrl: string | null;
  smtpFrom: string;
  retryInitialMs: number;
  maxAttempts: number;
  timeoutMs: number;
}

export function loadNotificationsConfig(env: Record<string, string | undefined> = process.env): NotificationsConfig {
  const e = validateEnv(NotificationsEnvironment, env);
  return {
    smtpUrl: e.SMTP_URL ?? null,
    smtpFrom: e.SMTP_FROM,
    retryInitialMs: e.DELIVERY_RETRY_INITIAL_MS,
    maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
    timeoutMs: e.DELIVERY_TIMEOUT_MS,
  };
}

export const notificationsConfig = registerAs('notifications', (): NotificationsConfig => loadNotificationsConfig());
