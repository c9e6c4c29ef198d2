import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { ProvidersModule } from '../providers/providers.module';
import { UsageModule } from '../usage/usage.module';
import { OpenAIController } from './openai.controller';
import { ChatHandler } from './chat-handler.service';
import { EmbeddingsController } from './embeddings.controller';
import { EmbeddingsHandler } from './embeddings.handler';
import { GeminiController } from './gemini.controller';
import { MessagesController } from './messages.controller';
import { ModelsController } from './models.controller';

/** Client-facing endpoints: parse and check the client's request, hand it to dispatch. */
@Module({
  imports: [AuthModule, ProvidersModule, DispatchModule, UsageModule],
  controllers: [
    OpenAIController,
    EmbeddingsController,
    MessagesController,
    GeminiController,
    ModelsController,
  ],
  providers: [ChatHandler, EmbeddingsHandler],
})
export class IngressModule {}
