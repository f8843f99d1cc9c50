import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ROLES, type Role } from './roles.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class LoginDto {
  @ApiProperty({ example: 'cpo@example.com' })
  @Transform(trim)
  @IsString({ message: 'email must be a string' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email!: string;

  @ApiProperty()
  @IsString({ message: 'password must be a string' })
  @MaxLength(1024, { message: 'password must be at most 1024 characters' })
  password!: string;
}

export class NewPasswordFields {
  @ApiProperty({ example: 'cpo@example.com' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254, { message: 'email must be at most 254 characters' })
  email!: string;

  @ApiProperty({ minLength: 12, description: 'at least 12 characters' })
  @IsString({ message: 'password must be a string' })
  @Length(12, 1024, { message: 'password must be 12 to 1024 characters long' })
  password!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'name must be a string' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name?: string;
}

export class SetupDto extends NewPasswordFields {}

export class CreateUserDto extends NewPasswordFields {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;

  @ApiPropertyOptional({ minLength: 12 })
  @IsOptional()
  @IsString({ message: 'password must be a string' })
  @Length(12, 1024, { message: 'password must be 12 to 1024 characters long' })
  password?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'name must be a string' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name?: string;
}

export class CreateTokenDto {
  @ApiProperty({ example: 'salesforce-sync' })
  @Transform(trim)
  @IsString({ message: 'name must be a string' })
  @Length(1, 100, { message: 'name must be 1 to 100 characters long' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;
}
