import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';

export class SettingsDto {
  @ApiProperty({ example: 'USD', description: 'ISO 4217 code of the currency all money is in' })
  reporting_currency: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 12, description: 'first month of the fiscal year; FY is named after the calendar year it ends in' })
  fiscal_year_start_month: number;

  @ApiProperty({ example: 0.8, description: '0 < x <= 1, used for CAC payback' })
  gross_margin: number;
}

export class UpdateSettingsDto {
  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'reporting_currency must be a 3-letter ISO 4217 code such as USD' })
  reporting_currency?: string;

  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @IsInt({ message: 'fiscal_year_start_month must be an integer from 1 to 12' })
  @Min(1, { message: 'fiscal_year_start_month must be an integer from 1 to 12' })
  @Max(12, { message: 'fiscal_year_start_month must be an integer from 1 to 12' })
  fiscal_year_start_month?: number;

  @ApiPropertyOptional({ example: 0.75 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'gross_margin must be a number greater than 0 and at most 1' })
  @Min(0.00001, { message: 'gross_margin must be greater than 0' })
  @Max(1, { message: 'gross_margin must be at most 1' })
  gross_margin?: number;
}
