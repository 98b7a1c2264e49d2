import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '@comity/audit';
import { authConfig, type AuthConfig } from '@comity/config';
import { AuthGuard } from './auth.guard';
import { AuthSettings } from './auth-settings';
import { Authenticator } from './authenticator';
import { OidcVerifier } from './oidc-verifier';
import { PasswordHasher } from './password-hasher';
import { RolesGuard } from './roles.guard';

// Authentication building blocks. The api registers AuthGuard and RolesGuard as APP_GUARDs
// (apps/api/src/auth/auth.module.ts). Needs PersistenceModule in scope.
@Module({
  imports: [ConfigModule.forFeature(authConfig), JwtModule.register({}), AuditModule],
  providers: [
    {
      provide: AuthSettings,
      inject: [ConfigService],
      useFactory: (c: ConfigService) => c.getOrThrow<AuthConfig>('auth'),
    },
    PasswordHasher,
    OidcVerifier,
    Authenticator,
    AuthGuard,
    RolesGuard,
  ],
  exports: [AuthSettings, PasswordHasher, Authenticator, AuthGuard, RolesGuard, JwtModule, AuditModule],
})
export class AuthCoreModule {}
