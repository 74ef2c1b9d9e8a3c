import { z } from 'zod';

/**
 * Wire schemas of the Gemini API (`generateContent`, `streamGenerateContent`), checked at the edge.
 * Client requests: the fields the gateway maps are type-checked (a wrong type is a 400 naming the
 * field); objects are loose, so unknown top-level fields travel verbatim in `extensions.gemini`
 * and unknown part kinds become opaque parts. Upstream answers: tolerant (`.nullish()`, loose).
 * Field names are the API's camelCase (snake_case bodies are normalised first, see
 * `normalize-request-keys.ts`).
 * Source: Gemini API reference, "Generating content" (`GenerateContentRequest`, `Content`, `Part`,
 * `GenerationConfig`, `ThinkingConfig`, `GenerateContentResponse`, `Candidate`, `UsageMetadata`),
 * "Caching" (`Tool`, `FunctionDeclaration`, `ToolConfig`, `FunctionCallingConfig`);
 * googleapis/js-genai `src/types.ts`.
 */

/** The format id of this protocol (`WireFormat`), also the `extensions` namespace. */
export const GEMINI_FORMAT = 'gemini' as const;

/** Provider id of Google's Gemini API (`providers/gemini.ts`): the Gemini client's own signer. */
export const GEMINI_PROVIDER_ID = 'gemini';

const jsonObjectSchema = z.record(z.string(), z.unknown());

/** `Blob` (`inlineData`): base64 bytes and their MIME type. */
const blobSchema = z.looseObject({ mimeType: z.string().min(1), data: z.string() });

/** `FileData`: a URI (Files API, `gs://`, https) and its MIME type. */
const fileDataSchema = z.looseObject({ fileUri: z.string().min(1), mimeType: z.string().optional() });

/** `FunctionCall`: `id` is optional (the API sends one from Gemini 3 on). */
const functionCallSchema = z.looseObject({
  name: z.string().min(1),
  args: jsonObjectSchema.nullish(),
  id: z.string().nullish(),
});

/** `FunctionResponse`: `response` is a JSON object (`{"result": …}` / `{"output": …}` / `{"error": …}`). */
const functionResponseSchema = z.looseObject({
  name: z.string().min(1),
  response: jsonObjectSchema.nullish(),
  id: z.string().nullish(),
  parts: z.array(z.unknown()).optional(),
});

/** One `Part` of a client's `Content`. Exactly one data field is expected; others are opaque. */
export const geminiRequestPartSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  inlineData: blobSchema.optional(),
  fileData: fileDataSchema.optional(),
  functionCall: functionCallSchema.optional(),
  functionResponse: functionResponseSchema.optional(),
});

/** `Content`: a turn; `role` defaults to `user` (the API's default), `function` is the legacy role of responses. */
export const geminiContentSchema = z.looseObject({
  role: z.enum(['user', 'model', 'function']).optional(),
  parts: z.array(geminiRequestPartSchema),
});

/** `FunctionDeclaration`. */
export const geminiFunctionDeclarationSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: jsonObjectSchema.nullish(),
  parametersJsonSchema: z.unknown().optional(),
});

/** `Tool`: function declarations, or a built-in tool (`googleSearch`, `codeExecution`, `urlContext`, …). */
export const geminiToolSchema = z.looseObject({
  functionDeclarations: z.array(geminiFunctionDeclarationSchema).optional(),
});

/** `FunctionCallingConfig.mode`. */
export const GEMINI_FUNCTION_CALLING_MODES = [
  'MODE_UNSPECIFIED',
  'AUTO',
  'ANY',
  'NONE',
  'VALIDATED',
] as const;

/** `ToolConfig`. */
export const geminiToolConfigSchema = z.looseObject({
  functionCallingConfig: z
    .looseObject({
      mode: z.enum(GEMINI_FUNCTION_CALLING_MODES).optional(),
      allowedFunctionNames: z.array(z.string()).optional(),
    })
    .optional(),
});

/** `ThinkingConfig.thinkingLevel`. */
export const GEMINI_THINKING_LEVELS = [
  'THINKING_LEVEL_UNSPECIFIED',
  'MINIMAL',
  'LOW',
  'MEDIUM',
  'HIGH',
] as const;

/** `ThinkingConfig`: budget (tokens; 0 off, -1 dynamic), thought summaries, or a level (Gemini 3). */
export const geminiThinkingConfigSchema = z.looseObject({
  thinkingBudget: z.number().int().min(-1).optional(),
  includeThoughts: z.boolean().optional(),
  thinkingLevel: z.enum(GEMINI_THINKING_LEVELS).optional(),
});

/** `GenerationConfig` (mapped fields typed; the rest kept verbatim). */
export const geminiGenerationConfigSchema = z.looseObject({
  maxOutputTokens: z.number().int().min(1).optional(),
  temperature: z.number().min(0).optional(),
  topP: z.number().min(0).optional(),
  topK: z.number().int().min(1).optional(),
  stopSequences: z.array(z.string()).optional(),
  candidateCount: z.number().int().min(1).optional(),
  thinkingConfig: geminiThinkingConfigSchema.optional(),
});

/** `GenerateContentRequest` as clients send it (`model` is in the URL, not the body). */
export const geminiGenerateContentRequestSchema = z.looseObject({
  contents: z.array(geminiContentSchema),
  systemInstruction: z
    .looseObject({ role: z.string().optional(), parts: z.array(geminiRequestPartSchema) })
    .optional(),
  tools: z.array(geminiToolSchema).optional(),
  toolConfig: geminiToolConfigSchema.optional(),
  generationConfig: geminiGenerationConfigSchema.optional(),
});

/** A client's request body. */
export type GeminiGenerateContentRequest = z.infer<typeof geminiGenerateContentRequestSchema>;
/** A client's `Content`. */
export type GeminiContent = z.infer<typeof geminiContentSchema>;
/** A client's `Part`. */
export type GeminiRequestPart = z.infer<typeof geminiRequestPartSchema>;
/** A client's `Tool`. */
export type GeminiTool = z.infer<typeof geminiToolSchema>;
/** A client's `ThinkingConfig`. */
export type GeminiThinkingConfig = z.infer<typeof geminiThinkingConfigSchema>;

/** A part of an upstream answer (tolerant). */
export const geminiResponsePartSchema = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  functionCall: z
    .looseObject({ name: z.string().nullish(), args: jsonObjectSchema.nullish(), id: z.string().nullish() })
    .nullish(),
});

/** `UsageMetadata` (token counts, integers). */
export const geminiUsageMetadataSchema = z.looseObject({
  promptTokenCount: z.number().nullish(),
  candidatesTokenCount: z.number().nullish(),
  totalTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
  toolUsePromptTokenCount: z.number().nullish(),
});

/** `GenerateContentResponse` from an upstream (a whole answer, or one stream chunk). */
export const geminiGenerateContentResponseSchema = z.looseObject({
  candidates: z
    .array(
      z.looseObject({
        content: z.looseObject({ parts: z.array(geminiResponsePartSchema).nullish() }).nullish(),
        finishReason: z.string().nullish(),
        index: z.number().nullish(),
      }),
    )
    .nullish(),
  usageMetadata: geminiUsageMetadataSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish() }).nullish(),
});

/** An upstream answer or chunk. */
export type GeminiGenerateContentResponse = z.infer<typeof geminiGenerateContentResponseSchema>;
/** An upstream answer's part. */
export type GeminiResponsePart = z.infer<typeof geminiResponsePartSchema>;
/** An upstream `usageMetadata`. */
export type GeminiUsageMetadata = z.infer<typeof geminiUsageMetadataSchema>;

/**
 * What the request decoder keeps so a Gemini → IR → Gemini round trip gives the client's request
 * back (`extensions.gemini._layout`; keys starting with `_` are never sent). Read back through
 * `readGeminiLayout`, so a hand-built or stale IR can only lose these details, never break the body.
 */
export const geminiLayoutSchema = z.object({
  /** `systemInstruction.role`, when the client set one. */
  systemRole: z.string().optional(),
  /** Per function name: declared with `parametersJsonSchema`; other declaration fields (`response`, `behavior`, …). */
  tools: z
    .record(z.string(), z.object({ jsonSchema: z.boolean().optional(), extras: jsonObjectSchema.optional() }))
    .optional(),
  /** The client's `functionCallingConfig` when the IR tool choice cannot say it (VALIDATED, several names). */
  functionCallingConfig: jsonObjectSchema.optional(),
  /** Per IR tool-use id: the client's `functionResponse` fields besides `name` and `id`, when not `{result: text}`. */
  functionResponses: z.record(z.string(), jsonObjectSchema).optional(),
  /** Per `fileData.fileUri`: its MIME type and display name. */
  files: z
    .record(z.string(), z.object({ mimeType: z.string().optional(), displayName: z.string().optional() }))
    .optional(),
  /** The client's `thinkingConfig`, sent back as is while the IR still means the same. */
  thinkingConfig: geminiThinkingConfigSchema.optional(),
});

/** See `geminiLayoutSchema`. */
export type GeminiLayout = z.infer<typeof geminiLayoutSchema>;

/** `extensions.gemini._layout` → the layout, or none when it is not one (e.g. an IR built by hand). */
export function readGeminiLayout(value: unknown): GeminiLayout {
  const parsed = geminiLayoutSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/** `{"error": {code, message, status, details?}}` (Google's error envelope, "API errors"). */
export interface GeminiErrorBody {
  readonly error: {
    /** The HTTP status. */
    readonly code: number;
    readonly message: string;
    /** The gRPC status name (`INVALID_ARGUMENT`, `RESOURCE_EXHAUSTED`, …). */
    readonly status: string;
    readonly details?: readonly Readonly<Record<string, unknown>>[];
  };
}
