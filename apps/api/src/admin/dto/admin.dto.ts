import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { MIN_PASSWORD_LENGTH, ROLE_NAMES, type Role } from '@comity/auth';
import { AUTHORITY_KINDS, type AuthorityKind } from '@comity/persistence';
import { IsEmailAddress, IsIsoInstant, Line, OptionalLine } from '../../common/validators';

export class CreateAuthorityDto {
  @ApiProperty({ example: 'US-OIA', description: 'Stable short code, unique' })
  @Matches(/^[A-Z0-9][A-Z0-9_-]{1,39}$/, { message: 'code must be 2-40 upper-case letters, digits, - or _' })
  code!: string;

  @ApiProperty({ example: 'Office of International Affairs (DOJ)' })
  @Line(200, { min: 2 })
  name!: string;

  @ApiProperty({ example: 'US' })
  @Matches(/^[A-Z]{2}$/, { message: 'jurisdiction must be a two-letter country code' })
  jurisdiction!: string;

  @ApiProperty({ enum: AUTHORITY_KINDS })
  @IsIn(AUTHORITY_KINDS)
  kind!: AuthorityKind;
}

export class UpdateAuthorityDto {
  @ApiPropertyOptional() @Line(200, { optional: true, min: 2 }) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class CreateUserDto {
  @ApiProperty({
    enum: ['user', 'service'],
    description: 'service = an account for system integrations (API tokens only)',
  })
  @IsIn(['user', 'service'])
  kind!: 'user' | 'service';

  @ApiPropertyOptional({ example: 'officer@example.gov', description: 'Required for users' })
  @IsOptional()
  @IsEmailAddress()
  email?: string;

  @ApiProperty({ example: 'Ana Officer' })
  @Line(200, { min: 1 })
  displayName!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  authorityId!: string;

  @ApiProperty({ enum: ROLE_NAMES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(ROLE_NAMES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({
    format: 'password',
    description: `Users only; at least ${MIN_PASSWORD_LENGTH} characters`,
  })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({
    description: "Subject ('sub') of this user's tokens at the configured OIDC provider",
  })
  @OptionalLine(255)
  oidcSubject?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @Line(200, { optional: true, min: 1 }) displayName?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() authorityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional() @OptionalLine(255) oidcSubject?: string;
}

export class SetRolesDto {
  @ApiProperty({ enum: ROLE_NAMES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @IsIn(ROLE_NAMES, { each: true })
  roles!: Role[];
}

export class SetPasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(1024)
  password!: string;
}

export class CreateApiTokenDto {
  @ApiProperty({ example: 'case-system-sync' })
  @Line(100, { min: 1 })
  name!: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsIsoInstant()
  expiresAt?: string;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() authorityId?: string;
  @ApiPropertyOptional({ example: 'MX' }) @IsOptional() @Matches(/^[A-Z]{2}$/) jurisdiction?: string;
}

export class ListAuthoritiesQuery {
  @ApiPropertyOptional({ example: 'MX' }) @IsOptional() @Matches(/^[A-Z]{2}$/) jurisdiction?: string;
}
