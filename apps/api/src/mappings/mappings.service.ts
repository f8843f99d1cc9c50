import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityName } from '../imports/entity-specs.js';
import { MappingError, validateMapping, type ColumnMapping } from './mapping.js';
import { PRESETS, type PresetEntity } from './presets.js';

export interface MappingSummary {
  name: string;
  kind: 'preset' | 'saved';
  description?: string;
  entities?: EntityName[];
  mapping?: ColumnMapping;
  updated_at?: string;
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Saved mappings (PUT/GET by name) and the built-in presets, resolved for an import. */
@Injectable()
export class MappingsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<MappingSummary[]> {
    const saved = await this.dataSource.query<{ name: string; mapping: ColumnMapping; updated_at: Date }[]>(
      `SELECT name, mapping, updated_at FROM import_mappings ORDER BY name`,
    );
    return [
      ...Object.values(PRESETS).map((p): MappingSummary => ({
        name: p.name, kind: 'preset', description: p.description, entities: Object.keys(p.entities) as EntityName[],
      })),
      ...saved.map((s): MappingSummary => ({ name: s.name, kind: 'saved', mapping: s.mapping, updated_at: s.updated_at.toISOString() })),
    ];
  }

  async get(name: string): Promise<MappingSummary> {
    const preset = PRESETS[name];
    if (preset) {
      return { name, kind: 'preset', description: preset.description, entities: Object.keys(preset.entities) as EntityName[] };
    }
    const rows = await this.dataSource.query<{ mapping: ColumnMapping; updated_at: Date }[]>(
      `SELECT mapping, updated_at FROM import_mappings WHERE name = $1`,
      [name],
    );
    if (rows.length === 0) throw new NotFoundException(`no mapping named "${name}"; GET /api/v1/import/mappings lists them`);
    return { name, kind: 'saved', mapping: rows[0].mapping, updated_at: rows[0].updated_at.toISOString() };
  }

  async save(name: string, body: unknown): Promise<MappingSummary> {
    if (!NAME_RE.test(name)) {
      throw new BadRequestException('a mapping name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
    }
    if (PRESETS[name]) throw new ConflictException(`"${name}" is a built-in preset; save your mapping under another name`);
    let mapping: ColumnMapping;
    try {
      mapping = validateMapping(body);
    } catch (err) {
      if (err instanceof MappingError) throw new BadRequestException(`invalid mapping: ${err.message}`);
      throw err;
    }
    await this.dataSource.query(
      `INSERT INTO import_mappings (name, mapping) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = now()`,
      [name, JSON.stringify(mapping)],
    );
    return this.get(name);
  }

  async remove(name: string): Promise<void> {
    if (PRESETS[name]) throw new ConflictException(`"${name}" is a built-in preset and cannot be deleted`);
    const res = await this.dataSource.query<unknown[]>(`DELETE FROM import_mappings WHERE name = $1 RETURNING name`, [name]);
    if (res.length === 0) throw new NotFoundException(`no mapping named "${name}"`);
  }

  /** What `?mapping=NAME` applies to an import of `entity` (400 when it does not fit). */
  async resolve(name: string, entity: EntityName): Promise<PresetEntity> {
    const preset = PRESETS[name];
    if (preset) {
      const forEntity = preset.entities[entity];
      if (!forEntity) {
        throw new BadRequestException(`the ${name} preset maps ${Object.keys(preset.entities).join(' and ')}, not ${entity}`);
      }
      return forEntity;
    }
    const rows = await this.dataSource.query<{ mapping: ColumnMapping }[]>(`SELECT mapping FROM import_mappings WHERE name = $1`, [name]);
    if (rows.length === 0) {
      throw new BadRequestException(`mapping "${name}" is neither a preset (${Object.keys(PRESETS).join(', ')}) nor a saved mapping`);
    }
    return { mapping: rows[0].mapping, rules: [], ruleColumns: [] };
  }
}
