import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'settings' })
export class SettingsEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ name: 'reporting_currency', type: 'text' })
  reportingCurrency: string;

  @Column({ name: 'fiscal_year_start_month', type: 'smallint' })
  fiscalYearStartMonth: number;

  /** numeric comes back from pg as an exact decimal string. */
  @Column({ name: 'gross_margin', type: 'numeric' })
  grossMargin: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
