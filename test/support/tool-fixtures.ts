import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';

/** Two tools, declared the way each SDK declares them, and the calls the fakes answer with. */

export const WEATHER_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
};
export const TIME_SCHEMA = {
  type: 'object',
  properties: { zone: { type: 'string' } },
  required: ['zone'],
};
export const QUESTION = 'Weather and time in Paris?';

export const openAITools: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: { name: 'get_weather', description: 'Weather in a city', parameters: WEATHER_SCHEMA },
  },
  {
    type: 'function',
    function: { name: 'get_time', description: 'Time in a zone', parameters: TIME_SCHEMA },
  },
];
export const anthropicTools: Anthropic.Tool[] = [
  {
    name: 'get_weather',
    description: 'Weather in a city',
    input_schema: WEATHER_SCHEMA as Anthropic.Tool.InputSchema,
  },
  {
    name: 'get_time',
    description: 'Time in a zone',
    input_schema: TIME_SCHEMA as Anthropic.Tool.InputSchema,
  },
];
export const geminiTools = [
  {
    functionDeclarations: [
      {
        name: 'get_weather',
        description: 'Weather in a city',
        parametersJsonSchema: WEATHER_SCHEMA,
      },
      { name: 'get_time', description: 'Time in a zone', parametersJsonSchema: TIME_SCHEMA },
    ],
  },
];

export const PARALLEL_CALLS = [
  { id: 'call_weather_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
  { id: 'call_time_2', name: 'get_time', arguments: '{"zone":"Europe/Paris"}' },
];
