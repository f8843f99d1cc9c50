import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (value === 'true' || value === '1' || value === true) return true;
  if (value === 'false' || value === '0' || value === false) return false;
  return value;
};

export class ImportQueryDto {
  @ApiPropertyOptional({ enum: ['upsert', 'replace'], default: 'upsert', description: 'upsert: insert new keys and update changed rows; replace: afterwards the entity holds exactly the rows of this request' })
  @IsOptional()
  @IsIn(['upsert', 'replace'], { message: 'mode must be upsert or replace' })
  mode: 'upsert' | 'replace' = 'upsert';

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'validate and report what would change, write nothing' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'dry_run must be true or false' })
  dry_run = false;

  @ApiPropertyOptional({ enum: ['reject', 'skip'], default: 'reject', description: 'reject: any invalid row refuses the whole request (422); skip: apply the valid rows and list the rejected ones' })
  @IsOptional()
  @IsIn(['reject', 'skip'], { message: 'on_error must be reject or skip' })
  on_error: 'reject' | 'skip' = 'reject';

  @ApiPropertyOptional({ description: 'a saved column mapping or a preset (salesforce, hubspot) applied before validation' })
  @IsOptional()
  @IsString({ message: 'mapping must be a mapping name' })
  @MaxLength(64, { message: 'mapping must be a mapping name' })
  mapping?: string;
}
