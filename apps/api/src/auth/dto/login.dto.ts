import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../../common/validators';

export class LoginDto {
  @ApiProperty({ example: 'prosecutor.mx@demo.comity.dev' })
  @IsEmailAddress()
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh (single use)' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken!: string;
}
