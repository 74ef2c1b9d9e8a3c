// "List models" (`GET /v1/models`) as both OpenAI fakes serve it.

/** `created` of every listed model (Unix seconds), the value of the "List models" example. */
const MODEL_CREATED = 1686935002;

/** `{"object":"list","data":[{id, object:"model", created, owned_by}]}` listing `models`. */
export function buildOpenAIModelsList(models: readonly string[]): Record<string, unknown> {
  return {
    object: 'list',
    data: models.map((id) => ({
      id,
      object: 'model',
      created: MODEL_CREATED,
      owned_by: 'organization-owner',
    })),
  };
}
