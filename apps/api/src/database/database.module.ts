import { type DynamicModule, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from './data-source.js';

@Injectable()
class MigrationsOnBoot implements OnModuleInit {
  private readonly logger = new Logger('Migrations');
  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const ran = await runMigrations(this.dataSource);
    if (ran.length > 0) this.logger.log(`applied ${ran.join(', ')}`);
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: async () => createDataSource(databaseUrl).initialize(),
        }),
      ],
      providers: [MigrationsOnBoot],
    };
  }
}
