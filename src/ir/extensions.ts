/**
 * Fields only one format has, namespaced by format (`anthropic`, `openai-chat`, …): carried
 * through the IR verbatim and re-emitted by that format's encoder; other encoders ignore them
 * (with a warning where it matters). A concept moves into the IR proper once three formats have it.
 */
export type IrExtensions = Readonly<Record<string, Readonly<Record<string, unknown>>>>;
