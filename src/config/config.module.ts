import { DynamicModule, Global, Module } from '@nestjs/common';
import { ENV } from './config.tokens';
import type { Env } from './env';

/** Provides the parsed environment to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(env: Env): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: ENV, useValue: env }], exports: [ENV] };
  }
}
