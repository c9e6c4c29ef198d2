// Generated from the gateway's OpenAPI document by `npm run api:types`. Do not edit.
export interface paths {
  '/admin/keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List gateway keys (only their prefixes; keys are stored hashed) with their use */
    get: operations['AdminKeysController_list'];
    put?: never;
    /** Create a gateway key; the response holds the plaintext `key`, shown only this once */
    post: operations['AdminKeysController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/keys/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AdminKeysController_get'];
    /** Replace a key’s settings (omitted fields take their defaults); a `key` replaces its secret */
    put: operations['AdminKeysController_put'];
    post?: never;
    delete: operations['AdminKeysController_remove'];
    options?: never;
    head?: never;
    /** Change some of a key’s fields (e.g. `{ "enabled": false }`); the rest stay */
    patch: operations['AdminKeysController_patch'];
    trace?: never;
  };
  '/admin/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List logical models with their targets and rules */
    get: operations['AdminModelsController_list'];
    put?: never;
    /** Create a logical model with its targets */
    post: operations['AdminModelsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/models/{name}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AdminModelsController_get'];
    /** Create or replace a model (its targets and rules are replaced) */
    put: operations['AdminModelsController_put'];
    post?: never;
    delete: operations['AdminModelsController_remove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/models/{name}/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A logical model's targets, their health and quota use */
    get: operations['AdminStatusController_model'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/providers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List providers (API keys masked) */
    get: operations['AdminProvidersController_list'];
    put?: never;
    /** Create a provider; api_key is stored encrypted */
    post: operations['AdminProvidersController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/providers/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: operations['AdminProvidersController_get'];
    /** Create or replace a provider: omitted fields take their defaults, except api_key — omit it to keep the stored one, "" clears it. PATCH changes single fields */
    put: operations['AdminProvidersController_put'];
    post?: never;
    delete: operations['AdminProvidersController_remove'];
    options?: never;
    head?: never;
    /** Change some of a provider’s fields (e.g. `{ "enabled": false }`); the rest stay */
    patch: operations['AdminProvidersController_patch'];
    trace?: never;
  };
  '/admin/providers/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send one small request to the provider with its stored secret
     * @description No routing, quotas or usage records: a short chat request ("Reply with OK") in the provider’s own format. 200 whether or not the provider answered well: see `ok`, `status` (null when no HTTP answer came: DNS, connection, timeout) and `error`.
     */
    post: operations['AdminProvidersController_test'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/providers/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every provider's health check and its targets' health and quota use */
    get: operations['AdminStatusController_providers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/reload': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Re-apply the GATEWAY_CONFIG file (entries upserted by id/name) and reload the configuration */
    post: operations['AdminReloadController_reload'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/route/explain': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Explain how a request would be routed (nothing is sent upstream) */
    post: operations['AdminRouteController_explain'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/rules': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List rules in evaluation order: global rules first, then each model’s by position */
    get: operations['AdminRulesController_list'];
    put?: never;
    /** Append a rule to a model’s rules, or to the global rules */
    post: operations['AdminRulesController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/rules/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Replace a rule’s `when` and `targets` (it keeps its place) */
    put: operations['AdminRulesController_put'];
    post?: never;
    delete: operations['AdminRulesController_remove'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/rules/validate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Check that a `when` expression compiles (nothing is stored)
     * @description Always 200: `{ valid: true }`, or `{ valid: false, message }` with the message a rule create would answer 400 with.
     */
    post: operations['AdminRulesController_validate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/admin/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Quota use per target and limit/budget use per key in the current periods
     * @description Per model, every target with a quota: its limits, the current period (read in TZ), requests and tokens used and remaining, the last recorded reset and the next one. Per key with rpm/tpm limits or a budget: the limits, the budget period and the USD spent in it, and the requests and tokens of its last 60 s.
     */
    get: operations['AdminStatsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Database reachable and process memory sane; 503 otherwise */
    get: operations['HealthController_check'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process is up and serving HTTP */
    get: operations['HealthController_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Ready for traffic: configuration loaded and database reachable */
    get: operations['HealthController_ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** `ok` while the process serves HTTP (liveness, no auth) */
    get: operations['HealthzController_check'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Prometheus metrics (text exposition format) */
    get: operations['MetricsController_index'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/usage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Usage rows (keyset-paginated), totals and aggregates over a time range */
    get: operations['UsageController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/usage/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One usage row with every stored field, its attempts included */
    get: operations['UsageController_one'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/usage/timeseries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Requests, errors, tokens, cost and latency percentiles per UTC time bucket
     * @description Totals equal those of `GET /usage` for the same range and filters. Only buckets with rows are listed.
     */
    get: operations['UsageController_timeseries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/chat/completions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** OpenAI chat completions (stream and non-stream), any provider */
    post: operations['OpenAIController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/completions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** OpenAI legacy completions, answered by a chat model */
    post: operations['OpenAIController_completions'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/embeddings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** OpenAI embeddings (OpenAI, Azure and Gemini targets) */
    post: operations['EmbeddingsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Anthropic Messages (stream and non-stream), any provider */
    post: operations['MessagesController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/messages/count_tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Count prompt tokens (o200k tokenizer: exact for OpenAI models, an estimate otherwise) */
    post: operations['MessagesController_countTokens'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The logical models this key may use (OpenAI list shape) */
    get: operations['ModelsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/models/{model}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One model this key may use (OpenAI model shape), under the name asked for */
    get: operations['ModelsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/responses': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** OpenAI Responses (stream and non-stream), any provider; stateless */
    post: operations['OpenAIController_responses'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1beta/models': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The logical models this key may use (Gemini list shape) */
    get: operations['GeminiController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1beta/models/{model}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One logical model (Gemini shape) */
    get: operations['GeminiController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1beta/models/{target}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * {model}:generateContent, :streamGenerateContent (?alt=sse for SSE, else a JSON array), :countTokens, :embedContent, :batchEmbedContents
     * @description Also served as POST /v1/models/{model}:{method} (API version v1).
     */
    post: operations['GeminiController_generate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    ApiKeyDto: {
      budget?: {
        /** @default 0 0 1 * * */
        period_cron: string;
        usd: number;
      };
      /** @default true */
      enabled: boolean;
      key?: string;
      limits?: {
        rpm?: number;
        tpm?: number;
      };
      /** @default {} */
      metadata: {
        [key: string]: unknown;
      };
      /**
       * @default [
       *       "*"
       *     ]
       */
      models: string[];
      name: string;
      /**
       * @default user
       * @enum {string}
       */
      role: 'user' | 'admin';
    };
    /** @description Any subset of the key fields (not `name`). A `key` replaces its secret; without one it stays. `models`, `metadata`, `limits` and `budget` are replaced as a whole. */
    ApiKeyPatchDto: {
      /** @description null removes the budget */
      budget?: {
        /** @default 0 0 1 * * */
        period_cron: string;
        usd: number;
      } | null;
      enabled?: boolean;
      key?: string;
      /** @description null removes the rpm/tpm limits */
      limits?: {
        rpm?: number;
        tpm?: number;
      } | null;
      metadata?: {
        [key: string]: unknown;
      };
      models?: string[];
      /** @enum {string} */
      role?: 'user' | 'admin';
    };
    CreatedKeyDto_Output: {
      budget?: {
        /** @default 0 0 1 * * */
        period_cron: string;
        usd: number;
      };
      /** Format: date-time */
      created_at: string;
      enabled: boolean;
      id: string;
      /** @description The plaintext key: shown in this answer only */
      key: string;
      /** @description The first characters of the key (keys are stored hashed) */
      key_prefix: string;
      limits?: {
        rpm?: number;
        tpm?: number;
      };
      metadata: {
        [key: string]: unknown;
      };
      models: string[];
      name: string;
      /** @enum {string} */
      role: 'user' | 'admin';
      /** Format: date-time */
      updated_at: string;
      usage: components['schemas']['KeyUsage_Output'];
    };
    CreateRuleDto: {
      /** @description The logical model whose rules it joins (appended last); absent: a global rule */
      model?: string;
      targets:
        | {
            model?: string;
            provider: string;
          }[]
        | {
            [key: string]: string;
          };
      /** @description CEL expression: TokenCount, Model, Path, MaxTokens, Stream, HasTools, HasImages, Headers, Key, User, Hour */
      when: string;
    };
    ExplainDto: {
      /** @description The request body in the endpoint's format */
      body: unknown;
      /**
       * @description Request headers as the client would send them (x-session-id, custom ones)
       * @default {}
       */
      headers: {
        [key: string]: string;
      };
      /** @description Name of the gateway key to route as (default: the admin key making this call) */
      key?: string;
      /**
       * @description The client endpoint, e.g. /v1/messages or /v1beta/models/{model}:generateContent
       * @default /v1/chat/completions
       */
      path: string;
    };
    ExplanationDto_Output: {
      candidates: {
        context_window: number | null;
        estimated_cost_usd: number | null;
        health: components['schemas']['TargetHealth_Output'];
        kept: boolean;
        model: string;
        priority: number;
        provider: string;
        /** @description Why it was left out */
        reason: string | null;
        /** @description null: a rule's own target */
        target_id: string | null;
        weight: number;
      }[];
      /** @description The model entry serving the name asked for (a name or a glob) */
      model: string;
      /** @description The order dispatch would try the kept targets in */
      order: {
        model: string;
        provider: string;
      }[];
      outcome:
        | {
            /** @description provider/upstream model tried first */
            first: string;
          }
        | {
            error: {
              code: string | null;
              kind: string;
              message: string;
              param?: string | null;
              status: number;
            };
          };
      /** @description The rule that matched; null: none did */
      rule: {
        id: string;
        index: number;
        /** @enum {string} */
        scope: 'model' | 'global';
        when: string;
      } | null;
      rule_errors: {
        index: number;
        message: string;
        /** @enum {string} */
        scope: 'model' | 'global';
        when: string;
      }[];
      session: string | null;
      sticky: boolean;
      sticky_target: string | null;
      strategy:
        | ('priority' | 'weighted' | 'round_robin' | 'least_connections' | 'latency' | 'cost')
        | 'rule order';
      /** @description The rule variables of this request (TokenCount, Model, Path, …) */
      variables: {
        [key: string]: unknown;
      };
    };
    /** @description The key's current use of its limits. Read from the counters the limits are checked against, in Postgres, so every instance sees the same figures; what the answering instance has reserved but not used yet is left out, unused reservations of other instances are in until given back (within ~2 s idle). */
    KeyUsage_Output: {
      /**
       * Format: date-time
       * @description Start of the current budget period; null without a budget
       */
      budget_period_start: string | null;
      /** @description USD spent in the current budget period; null without a budget */
      budget_used_usd: number | null;
      /** @description Requests in the current 60 s window; null when the key has no rpm/tpm limit */
      rpm: number | null;
      /** @description Tokens in the current 60 s window; null when the key has no rpm/tpm limit */
      tpm: number | null;
    };
    KeyViewDto_Output: {
      budget?: {
        /** @default 0 0 1 * * */
        period_cron: string;
        usd: number;
      };
      /** Format: date-time */
      created_at: string;
      enabled: boolean;
      id: string;
      /** @description The first characters of the key (keys are stored hashed) */
      key_prefix: string;
      limits?: {
        rpm?: number;
        tpm?: number;
      };
      metadata: {
        [key: string]: unknown;
      };
      models: string[];
      name: string;
      /** @enum {string} */
      role: 'user' | 'admin';
      /** Format: date-time */
      updated_at: string;
      usage: components['schemas']['KeyUsage_Output'];
    };
    ModelDto: {
      name: string;
      /** @default [] */
      rules: {
        targets:
          | {
              model?: string;
              provider: string;
            }[]
          | {
              [key: string]: string;
            };
        /** @description CEL expression: TokenCount, Model, Path, MaxTokens, Stream, HasTools, HasImages, Headers, Key, User, Hour */
        when: string;
      }[];
      /** @default false */
      sticky: boolean;
      /**
       * @default priority
       * @enum {string}
       */
      strategy: 'priority' | 'weighted' | 'round_robin' | 'least_connections' | 'latency' | 'cost';
      /** @default [] */
      targets: {
        capabilities?: {
          /**
           * @description The upstream model accepts image input
           * @default true
           */
          images: boolean;
          /**
           * @description The upstream model accepts tool definitions
           * @default true
           */
          tools: boolean;
        };
        context_window?: number;
        /** @default true */
        enabled: boolean;
        /** @description The upstream model name; '*' sends the name the client asked for */
        model: string;
        price?: {
          /** @description USD per 1M prompt tokens written to the provider cache (Anthropic cache_creation); input when absent */
          cache_write?: number;
          /** @description USD per 1M cached prompt tokens */
          cached_input?: number;
          /** @description USD per 1M prompt tokens */
          input: number;
          /** @description USD per 1M completion tokens */
          output: number;
        };
        /** @default 1 */
        priority: number;
        provider: string;
        quota?: {
          /** @default 0 0 * * * */
          period_cron: string;
          requests_per_period?: number;
          tokens_per_period?: number;
        };
        /** @description false: the upstream model takes no reasoning parameters (they are removed); default: the provider's setting, else true */
        reasoning?: boolean;
        /** @default 1 */
        weight: number;
      }[];
      /**
       * @description A client tool the target cannot take (e.g. a hosted tool such as OpenAI's file_search): dropped (named in x-switchboard-dropped-tools) or rejected with a 400
       * @default drop
       * @enum {string}
       */
      unsupported_tools: 'drop' | 'reject';
    };
    ModelStatusDto_Output: {
      model: string;
      sticky: boolean;
      /** @enum {string} */
      strategy: 'priority' | 'weighted' | 'round_robin' | 'least_connections' | 'latency' | 'cost';
      targets: components['schemas']['TargetStatus_Output'][];
    };
    ModelViewDto_Output: {
      /** Format: date-time */
      created_at: string;
      name: string;
      rules: {
        id: string;
        targets: {
          /** @description Absent: the model's own target on that provider */
          model?: string;
          provider: string;
        }[];
        when: string;
      }[];
      sticky: boolean;
      /** @enum {string} */
      strategy: 'priority' | 'weighted' | 'round_robin' | 'least_connections' | 'latency' | 'cost';
      targets: {
        capabilities?: {
          /**
           * @description The upstream model accepts image input
           * @default true
           */
          images: boolean;
          /**
           * @description The upstream model accepts tool definitions
           * @default true
           */
          tools: boolean;
        };
        context_window?: number;
        enabled: boolean;
        id: string;
        /** @description The upstream model name; '*' sends the name the client asked for */
        model: string;
        price?: {
          /** @description USD per 1M prompt tokens written to the provider cache (Anthropic cache_creation); input when absent */
          cache_write?: number;
          /** @description USD per 1M cached prompt tokens */
          cached_input?: number;
          /** @description USD per 1M prompt tokens */
          input: number;
          /** @description USD per 1M completion tokens */
          output: number;
        };
        priority: number;
        provider: string;
        quota?: {
          /** @default 0 0 * * * */
          period_cron: string;
          requests_per_period?: number;
          tokens_per_period?: number;
        };
        reasoning?: boolean;
        weight: number;
      }[];
      /** @enum {string} */
      unsupported_tools: 'drop' | 'reject';
      /** Format: date-time */
      updated_at: string;
    };
    ProviderDto: {
      /** @description Stored encrypted; never returned */
      api_key?: string;
      /** @description Azure api-version */
      api_version?: string;
      /** Format: uri */
      base_url: string;
      circuit_breaker?: {
        /**
         * @description How long an open circuit stays open before one probe request is let through
         * @default 30000
         */
        cooldown_ms: number;
        /**
         * @description EWMA error rate that opens the circuit (once min_requests were seen)
         * @default 0.5
         */
        error_rate: number;
        /**
         * @description Consecutive failures that open the circuit
         * @default 5
         */
        failure_threshold: number;
        /** @default 20 */
        min_requests: number;
      };
      /** @default true */
      enabled: boolean;
      /**
       * @default openai
       * @enum {string}
       */
      format: 'openai' | 'azure' | 'anthropic' | 'gemini';
      /** @default {} */
      headers: {
        [key: string]: string;
      };
      health_check?: {
        /** @default 30000 */
        interval_ms: number;
        /** @default /models */
        path: string;
        /** @default 5000 */
        timeout_ms: number;
      };
      id: string;
      /**
       * @description OpenAI and Azure formats: the field that carries a converted request’s token limit. Default max_completion_tokens for api.openai.com (its reasoning models accept no other), max_tokens elsewhere (what OpenAI-compatible servers know)
       * @enum {string}
       */
      max_tokens_field?: 'max_tokens' | 'max_completion_tokens';
      /** @default true */
      non_stream_support: boolean;
      /** @description false: its models take no reasoning parameters (reasoning_effort, thinking, thinkingConfig are removed from requests to it); a target may override it */
      reasoning?: boolean;
      /** @default 2 */
      retries: number;
      /** @default true */
      stream_support: boolean;
      /** @default 60000 */
      timeout_ms: number;
    };
    /** @description Any subset of the provider fields (not `id`). Without `api_key` the stored secret stays; `""` clears it. `headers` and nested objects are replaced as a whole. */
    ProviderPatchDto: {
      /** @description Stored encrypted; never returned */
      api_key?: string;
      /** @description Azure api-version */
      api_version?: string;
      /** Format: uri */
      base_url?: string;
      circuit_breaker?: {
        /**
         * @description How long an open circuit stays open before one probe request is let through
         * @default 30000
         */
        cooldown_ms: number;
        /**
         * @description EWMA error rate that opens the circuit (once min_requests were seen)
         * @default 0.5
         */
        error_rate: number;
        /**
         * @description Consecutive failures that open the circuit
         * @default 5
         */
        failure_threshold: number;
        /** @default 20 */
        min_requests: number;
      };
      enabled?: boolean;
      /** @enum {string} */
      format?: 'openai' | 'azure' | 'anthropic' | 'gemini';
      headers?: {
        [key: string]: string;
      };
      health_check?: {
        /** @default 30000 */
        interval_ms: number;
        /** @default /models */
        path: string;
        /** @default 5000 */
        timeout_ms: number;
      };
      /**
       * @description OpenAI and Azure formats: the field that carries a converted request’s token limit. Default max_completion_tokens for api.openai.com (its reasoning models accept no other), max_tokens elsewhere (what OpenAI-compatible servers know)
       * @enum {string}
       */
      max_tokens_field?: 'max_tokens' | 'max_completion_tokens';
      non_stream_support?: boolean;
      /** @description false: its models take no reasoning parameters (reasoning_effort, thinking, thinkingConfig are removed from requests to it); a target may override it */
      reasoning?: boolean;
      retries?: number;
      stream_support?: boolean;
      timeout_ms?: number;
    };
    ProviderStatusDto_Output: {
      enabled: boolean;
      /** @enum {string} */
      format: 'openai' | 'azure' | 'anthropic' | 'gemini';
      /** @description The provider's last active health check; null without one (yet) */
      health_check: {
        /** Format: date-time */
        checked_at: string;
        error: string | null;
        ok: boolean;
      } | null;
      id: string;
      targets: components['schemas']['TargetStatus_Output'][];
    };
    ProviderTestDto: {
      /** @description The upstream model to ask; default: the upstream model of one of this provider's targets */
      model?: string;
    };
    ProviderTestResultDto_Output: {
      /** @description The completion's text (when ok) */
      answer: string | null;
      error: {
        message: string;
        /** @description A gateway error kind (authentication, rate_limit, upstream, …) or timeout / connection for no HTTP answer */
        type: string;
      } | null;
      /** @description From sending the request to the whole answer */
      latency_ms: number;
      /** @description The upstream model asked */
      model: string;
      /** @description The provider answered 2xx with a completion */
      ok: boolean;
      /** @description The HTTP status the provider answered; null when there was no HTTP answer */
      status: number | null;
    };
    ProviderViewDto_Output: {
      /** @description Masked (`****` and at most the last 4 characters); null when none is stored */
      api_key: string | null;
      api_version?: string;
      base_url: string;
      circuit_breaker?: {
        /**
         * @description How long an open circuit stays open before one probe request is let through
         * @default 30000
         */
        cooldown_ms: number;
        /**
         * @description EWMA error rate that opens the circuit (once min_requests were seen)
         * @default 0.5
         */
        error_rate: number;
        /**
         * @description Consecutive failures that open the circuit
         * @default 5
         */
        failure_threshold: number;
        /** @default 20 */
        min_requests: number;
      };
      /** Format: date-time */
      created_at: string;
      enabled: boolean;
      /** @enum {string} */
      format: 'openai' | 'azure' | 'anthropic' | 'gemini';
      /** @description Extra upstream headers; values of credential-like names are masked */
      headers: {
        [key: string]: string;
      };
      health_check?: {
        /** @default 30000 */
        interval_ms: number;
        /** @default /models */
        path: string;
        /** @default 5000 */
        timeout_ms: number;
      };
      id: string;
      /** @enum {string} */
      max_tokens_field?: 'max_tokens' | 'max_completion_tokens';
      non_stream_support: boolean;
      reasoning?: boolean;
      retries: number;
      stream_support: boolean;
      timeout_ms: number;
      /** Format: date-time */
      updated_at: string;
    };
    QuotaStatsDto_Output: {
      keys: {
        budget: {
          period_cron: string;
          usd: number;
        } | null;
        budget_period: {
          /** Format: date-time */
          end: string;
          /** Format: date-time */
          start: string;
        } | null;
        id: string;
        limits: {
          rpm: number | null;
          tpm: number | null;
        } | null;
        name: string;
        spent_usd: number | null;
        /** @description Requests and tokens in the key's last 60 s; null without rpm/tpm limits */
        window: {
          requests: number;
          tokens: number;
        } | null;
      }[];
      models: {
        /** @description The logical model */
        name: string;
        targets: {
          /** Format: date-time */
          last_reset: string | null;
          /** @description The upstream model */
          model: string;
          /** Format: date-time */
          next_reset: string;
          period: {
            /** Format: date-time */
            end: string;
            /** Format: date-time */
            start: string;
          };
          provider: string;
          quota: {
            period_cron: string;
            requests_per_period: number | null;
            tokens_per_period: number | null;
          };
          /** @description null: that dimension is not limited */
          remaining: {
            requests: number | null;
            tokens: number | null;
          };
          used: {
            requests: number;
            tokens: number;
          };
        }[];
      }[];
      /** @description The time zone the period crons are read in (TZ) */
      time_zone: string;
    };
    /** @description Use of the target's quota in its current period; null when it has no quota. Read from the counters the limits are checked against, in Postgres, so every instance sees the same figures; what the answering instance has reserved but not used yet is left out, unused reservations of other instances are in until given back (within ~2 s idle). */
    QuotaUse_Output: {
      cost_usd: number;
      /** Format: date-time */
      period_start: string;
      requests: number;
      tokens: number;
    } | null;
    ReloadResultDto_Output: {
      api_keys?: number;
      /** @description GATEWAY_CONFIG; null when none is set */
      config_file: string | null;
      /** @description Keys the file gave no `key`: generated, shown here once */
      generated_keys?: {
        key: string;
        name: string;
      }[];
      models?: number;
      /** @description Entries applied from the file (absent without one) */
      providers?: number;
      rules?: number;
      /** @description The configuration version after the reload */
      version: number;
    };
    RuleValidationDto_Output: {
      /** @description When not valid: why it does not compile, and where (the message a rule create 400 gives) */
      message?: string;
      valid: boolean;
    };
    RuleViewDto_Output: {
      id: string;
      /** @description The model the rule belongs to; null for a global rule */
      model: string | null;
      position: number;
      targets: {
        /** @description Absent: the model's own target on that provider */
        model?: string;
        provider: string;
      }[];
      when: string;
    };
    TargetHealth_Output: {
      /** @enum {string} */
      circuit: 'closed' | 'open' | 'half_open';
      consecutive_failures: number;
      /**
       * Format: date-time
       * @description Rate-limited (429) until
       */
      cooldown_until: string | null;
      error_rate: number;
      failures: number;
      /** @description The provider's last active health check; null without one (yet) */
      health_check: {
        /** Format: date-time */
        checked_at: string;
        error: string | null;
        ok: boolean;
      } | null;
      in_flight: number;
      last_error: {
        /** Format: date-time */
        at: string;
        message: string;
      } | null;
      latency_ms: number | null;
      /** @description The upstream model */
      model: string;
      provider: string;
      requests: number;
      /**
       * Format: date-time
       * @description When an open circuit lets a probe through
       */
      retry_at: string | null;
    };
    TargetStatus_Output: {
      /** @enum {string} */
      circuit: 'closed' | 'open' | 'half_open';
      consecutive_failures: number;
      /**
       * Format: date-time
       * @description Rate-limited (429) until
       */
      cooldown_until: string | null;
      enabled: boolean;
      error_rate: number;
      failures: number;
      /** @description The provider's last active health check; null without one (yet) */
      health_check: {
        /** Format: date-time */
        checked_at: string;
        error: string | null;
        ok: boolean;
      } | null;
      in_flight: number;
      last_error: {
        /** Format: date-time */
        at: string;
        message: string;
      } | null;
      latency_ms: number | null;
      /** @description The logical model */
      model: string;
      priority: number;
      provider: string;
      quota_use: components['schemas']['QuotaUse_Output'];
      requests: number;
      /**
       * Format: date-time
       * @description When an open circuit lets a probe through
       */
      retry_at: string | null;
      upstream_model: string;
      weight: number;
    };
    UpdateRuleDto: {
      targets:
        | {
            model?: string;
            provider: string;
          }[]
        | {
            [key: string]: string;
          };
      /** @description CEL expression: TokenCount, Model, Path, MaxTokens, Stream, HasTools, HasImages, Headers, Key, User, Hour */
      when: string;
    };
    UsageRecordDto: {
      /** @description Every upstream attempt in order; null when none was made */
      attempt_log:
        | {
            /** @description Why the attempt failed, when it did */
            error?: string;
            latency_ms: number;
            /** @description The model name sent upstream */
            model: string;
            /** @description Provider id of the target tried */
            provider: string;
            /** @description Upstream HTTP status; 0 when no response came (network, timeout) */
            status: number;
          }[]
        | null;
      attempts: number;
      cached_tokens: number;
      completion_tokens: number;
      /** @description USD, from the serving target’s price */
      cost_usd: number;
      /** @description ISO 8601, UTC */
      created_at: string;
      endpoint: string;
      error_code: string | null;
      /** @description The row id (a bigint, as text): `after_id` of the live tail */
      id: string;
      /** @description The key id (UUID); null for requests without a key */
      key_id: string | null;
      key_name: string | null;
      latency_ms: number;
      /** @description The logical model the client asked for */
      model: string;
      prompt_tokens: number;
      /** @description The provider that answered (null: none did) */
      provider: string | null;
      request_id: string;
      /** @description The HTTP status the client got */
      status: number;
      stream: boolean;
      stream_cut: boolean;
      /** @description Time to the first token (streams) */
      ttft_ms: number | null;
      upstream_model: string | null;
    };
    UsageResponseDto: {
      /** @description Newest first */
      data: {
        attempts: number;
        cached_tokens: number;
        completion_tokens: number;
        /** @description USD, from the serving target’s price */
        cost_usd: number;
        /** @description ISO 8601, UTC */
        created_at: string;
        endpoint: string;
        error_code: string | null;
        /** @description The row id (a bigint, as text): `after_id` of the live tail */
        id: string;
        key_name: string | null;
        latency_ms: number;
        /** @description The logical model the client asked for */
        model: string;
        prompt_tokens: number;
        /** @description The provider that answered (null: none did) */
        provider: string | null;
        request_id: string;
        /** @description The HTTP status the client got */
        status: number;
        stream: boolean;
        stream_cut: boolean;
        /** @description Time to the first token (streams) */
        ttft_ms: number | null;
        upstream_model: string | null;
      }[];
      /** @description With group_by only: aggregates over every matching row */
      groups?: {
        cached_tokens: number;
        completion_tokens: number;
        /** @description USD */
        cost_usd: number;
        /** @description Start of the UTC day, ISO 8601 */
        day?: string;
        /** @description Start of the UTC hour, ISO 8601 */
        hour?: string;
        /** @description The key name */
        key?: string | null;
        model?: string;
        prompt_tokens: number;
        provider?: string | null;
        requests: number;
      }[];
      /** @description Pass as `cursor` (same filters) for the next page; null on the last page */
      next_cursor: string | null;
      /** @description Over every row matching the filters, not just this page */
      totals: {
        cached_tokens: number;
        completion_tokens: number;
        /** @description USD */
        cost_usd: number;
        prompt_tokens: number;
        requests: number;
      };
    };
    UsageTimeseriesDto: {
      /** @enum {string} */
      bucket: 'minute' | 'hour' | 'day';
      /** @description ISO 8601, inclusive */
      from: string;
      /** @enum {string|null} */
      group_by: 'model' | 'provider' | 'key' | null;
      /** @description Only buckets with rows; ordered by start, then group */
      series: {
        cached_tokens: number;
        completion_tokens: number;
        /** @description USD */
        cost_usd: number;
        /** @description Rows with status ≥ 400 */
        errors: number;
        /** @description The model, provider or key name of this series; null ungrouped (or no value) */
        group: string | null;
        /** @description Median latency in ms; null when no row has a value. Approximate: read from log-scale histograms (bins 20 % wide, interpolated within the bin), as whole hours and days are served from rollups. */
        latency_ms_p50: number | null;
        /** @description 95th percentile latency in ms; null when no row has a value. Approximate: read from log-scale histograms (bins 20 % wide, interpolated within the bin), as whole hours and days are served from rollups. */
        latency_ms_p95: number | null;
        prompt_tokens: number;
        requests: number;
        /** @description Start of the UTC bucket, ISO 8601 */
        start: string;
        /** @description Median time to first token (streams only) in ms; null when no row has a value. Approximate: read from log-scale histograms (bins 20 % wide, interpolated within the bin), as whole hours and days are served from rollups. */
        ttft_ms_p50: number | null;
        /** @description 95th percentile time to first token (streams only) in ms; null when no row has a value. Approximate: read from log-scale histograms (bins 20 % wide, interpolated within the bin), as whole hours and days are served from rollups. */
        ttft_ms_p95: number | null;
      }[];
      /** @description ISO 8601, exclusive */
      to: string;
      /** @description Over every row matching the range and filters */
      totals: {
        cached_tokens: number;
        completion_tokens: number;
        /** @description USD */
        cost_usd: number;
        /** @description errors / requests (0 without requests) */
        error_rate: number;
        /** @description Rows with status ≥ 400 */
        errors: number;
        /** @description Median latency in ms; null when no row has a value. Approximate: read from log-scale histograms (bins 20 % wide, interpolated within the bin), as whole hours and days are served from rollups. */
        latency_ms_p50: number | null;
        /** @description 95th percentile latency in ms; null when no row has a value. Approximate: read from log-scale histograms (bins 20 % wide, interpolated within the bin), as whole hours and days are served from rollups. */
        latency_ms_p95: number | null;
        prompt_tokens: number;
        requests: number;
        /** @description Median time to first token (streams only) in ms; null when no row has a value. Approximate: read from log-scale histograms (bins 20 % wide, interpolated within the bin), as whole hours and days are served from rollups. */
        ttft_ms_p50: number | null;
        /** @description 95th percentile time to first token (streams only) in ms; null when no row has a value. Approximate: read from log-scale histograms (bins 20 % wide, interpolated within the bin), as whole hours and days are served from rollups. */
        ttft_ms_p95: number | null;
      };
    };
    ValidateRuleDto: {
      /** @description A CEL rule condition */
      when: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  AdminKeysController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KeyViewDto_Output'][];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminKeysController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ApiKeyDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedKeyDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description A key with this name (or value) exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminKeysController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KeyViewDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminKeysController_put: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ApiKeyDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KeyViewDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminKeysController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminKeysController_patch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ApiKeyPatchDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['KeyViewDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminModelsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelViewDto_Output'][];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminModelsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ModelDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelViewDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description A model with this name exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminModelsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelViewDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminModelsController_put: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ModelDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelViewDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminModelsController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminStatusController_model: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        name: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ModelStatusDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No model with this name */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminProvidersController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderViewDto_Output'][];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminProvidersController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ProviderDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderViewDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description A provider with this id exists */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminProvidersController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderViewDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminProvidersController_put: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ProviderDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderViewDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminProvidersController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The provider is a target of some model */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminProvidersController_patch: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ProviderPatchDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderViewDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminProvidersController_test: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ProviderTestDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderTestResultDto_Output'];
        };
      };
      /** @description No `model` given and no target of this provider names one */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No provider with this id */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminStatusController_providers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Per provider: health check result and per-target health */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProviderStatusDto_Output'][];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminReloadController_reload: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReloadResultDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminRouteController_explain: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ExplainDto'];
      };
    };
    responses: {
      /** @description Variables, matched rule, candidates with reasons, final order */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ExplanationDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminRulesController_list: {
    parameters: {
      query?: {
        /** @description Only this model’s rules; empty (`?model=`) for the global rules only */
        model?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RuleViewDto_Output'][];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminRulesController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateRuleDto'];
      };
    };
    responses: {
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RuleViewDto_Output'];
        };
      };
      /** @description The `when` expression does not compile (the message says why and where), or a target names an unknown provider */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description The model does not exist */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminRulesController_put: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['UpdateRuleDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RuleViewDto_Output'];
        };
      };
      /** @description The `when` expression does not compile (the message says why and where), or a target names an unknown provider */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminRulesController_remove: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminRulesController_validate: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ValidateRuleDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RuleValidationDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  AdminStatsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Use of every quota, limit and budget of the configuration */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['QuotaStatsDto_Output'];
        };
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Not an admin key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  HealthController_check: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The Health Check is successful */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            };
            /** @example {} */
            error?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /** @example ok */
            status?: string;
          };
        };
      };
      /** @description The Health Check is not successful */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "status": "down",
             *         "message": "Could not connect"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            };
            /**
             * @example {
             *       "redis": {
             *         "status": "down",
             *         "message": "Could not connect"
             *       }
             *     }
             */
            error?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /** @example error */
            status?: string;
          };
        };
      };
    };
  };
  HealthController_live: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  HealthController_ready: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The Health Check is successful */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            };
            /** @example {} */
            error?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /** @example ok */
            status?: string;
          };
        };
      };
      /** @description The Health Check is not successful */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       },
             *       "redis": {
             *         "status": "down",
             *         "message": "Could not connect"
             *       }
             *     }
             */
            details?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            };
            /**
             * @example {
             *       "redis": {
             *         "status": "down",
             *         "message": "Could not connect"
             *       }
             *     }
             */
            error?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /**
             * @example {
             *       "database": {
             *         "status": "up"
             *       }
             *     }
             */
            info?: {
              [key: string]: {
                status: string;
              } & {
                [key: string]: unknown;
              };
            } | null;
            /** @example error */
            status?: string;
          };
        };
      };
    };
  };
  HealthzController_check: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  MetricsController_index: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  UsageController_list: {
    parameters: {
      query?: {
        /** @description Only rows with a greater `id` (newer): the live tail passes the newest id it has */
        after_id?: unknown;
        /** @description The `next_cursor` of the previous page (same filters) */
        cursor?: unknown;
        /** @description ISO 8601 timestamp, inclusive (default: `to` − 24 h) */
        from?: unknown;
        /** @description Aggregate by `day`, `hour` (UTC), `model`, `provider`, `key`; comma-separated */
        group_by?: unknown;
        /** @description Key name (a user key may only name itself) */
        key?: unknown;
        /** @description Rows per page, 1–1000 (default 100) */
        limit?: unknown;
        /** @description Logical model name */
        model?: unknown;
        /** @description Provider id (of the target that answered) */
        provider?: unknown;
        /** @description Only the row of this request id (`x-request-id`) */
        request_id?: unknown;
        /** @description An HTTP status (`200`), a class (`2xx`, `4xx`, `5xx`) or `error` (≥ 400) */
        status?: unknown;
        /** @description Only streamed (`true`) or only non-streamed (`false`) requests */
        stream?: 'true' | 'false';
        /** @description ISO 8601 timestamp, exclusive (default: now) */
        to?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UsageResponseDto'];
        };
      };
      /** @description A query parameter is invalid (the message names it) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description A user key filtered by another key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  UsageController_one: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The row `id` (from `GET /usage`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UsageRecordDto'];
        };
      };
      /** @description The id is not a row id */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description No such row (or, for a user key, not its own) */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  UsageController_timeseries: {
    parameters: {
      query?: {
        /** @description UTC-aligned bucket size (default from the range: ≤ 3 h `minute`, ≤ 3 d `hour`, else `day`); at most 2000 buckets */
        bucket?: 'minute' | 'hour' | 'day';
        /** @description ISO 8601 timestamp, inclusive (default: `to` − 24 h) */
        from?: unknown;
        /** @description One series per `model`, `provider` or `key` (name); absent: one series */
        group_by?: 'model' | 'provider' | 'key';
        /** @description Key name (a user key may only name itself) */
        key?: unknown;
        /** @description Logical model name */
        model?: unknown;
        /** @description Provider id (of the target that answered) */
        provider?: unknown;
        /** @description An HTTP status (`200`), a class (`2xx`, `4xx`, `5xx`) or `error` (≥ 400) */
        status?: unknown;
        /** @description Only streamed (`true`) or only non-streamed (`false`) requests */
        stream?: 'true' | 'false';
        /** @description ISO 8601 timestamp, exclusive (default: now) */
        to?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['UsageTimeseriesDto'];
        };
      };
      /** @description A query parameter is invalid (the message names it) */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Missing or invalid key */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description A user key filtered by another key */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OpenAIController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description An OpenAI chat completion request; `model` is a logical model name */
    requestBody: {
      content: {
        'application/json': {
          messages: Record<string, never>[];
          model: string;
          stream?: boolean;
        };
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OpenAIController_completions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          model: string;
          prompt: string;
        };
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  EmbeddingsController_create: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          dimensions?: number;
          input: unknown;
          model: string;
        };
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  MessagesController_create: {
    parameters: {
      query?: never;
      header?: {
        /** @description Accepted and ignored */
        'anthropic-version'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description An Anthropic Messages request; `model` is a logical model name */
    requestBody: {
      content: {
        'application/json': {
          max_tokens: number;
          messages: Record<string, never>[];
          model: string;
          stream?: boolean;
        };
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  MessagesController_countTokens: {
    parameters: {
      query?: never;
      header?: {
        /** @description Accepted and ignored */
        'anthropic-version'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description An Anthropic Messages request; `model` is a logical model name */
    requestBody: {
      content: {
        'application/json': {
          max_tokens: number;
          messages: Record<string, never>[];
          model: string;
          stream?: boolean;
        };
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ModelsController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  ModelsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        model: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  OpenAIController_responses: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          input: unknown;
          model: string;
          stream?: boolean;
        };
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  GeminiController_list: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  GeminiController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        model: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  GeminiController_generate: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        target: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
}
