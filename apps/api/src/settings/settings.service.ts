import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SettingsEntity } from '../database/entities/settings.entity.js';
import type { SettingsDto, UpdateSettingsDto } from './dto/settings.dto.js';

@Injectable()
export class SettingsService {
  constructor(@InjectRepository(SettingsEntity) private readonly repo: Repository<SettingsEntity>) {}

  async get(): Promise<SettingsDto> {
    const row = await this.repo.findOneByOrFail({ id: 1 });
    return toDto(row);
  }

  async update(change: UpdateSettingsDto): Promise<SettingsDto> {
    return this.repo.manager.transaction(async (em) => {
      const row = await em.findOneOrFail(SettingsEntity, { where: { id: 1 }, lock: { mode: 'pessimistic_write' } });
      if (change.reporting_currency !== undefined && change.reporting_currency !== row.reportingCurrency) {
        // Amounts are stored in the reporting currency; renaming it would silently relabel them.
        const [{ n }] = await em.query<{ n: string }[]>(
          `SELECT count(*) AS n FROM deals WHERE currency IS NOT NULL AND currency <> $1`,
          [change.reporting_currency],
        );
        if (Number(n) > 0) {
          throw new ConflictException(
            `${n} deal(s) were imported with currency ${row.reportingCurrency}; re-import them converted to ${change.reporting_currency} (or without a currency) before changing reporting_currency`,
          );
        }
        row.reportingCurrency = change.reporting_currency;
      }
      if (change.fiscal_year_start_month !== undefined) row.fiscalYearStartMonth = change.fiscal_year_start_month;
      if (change.gross_margin !== undefined) row.grossMargin = String(change.gross_margin);
      row.updatedAt = new Date();
      return toDto(await em.save(row));
    });
  }
}

function toDto(row: SettingsEntity): SettingsDto {
  return {
    reporting_currency: row.reportingCurrency,
    fiscal_year_start_month: row.fiscalYearStartMonth,
    gross_margin: Number(row.grossMargin),
  };
}
