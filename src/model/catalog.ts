/**
 * What Nightwatch knows about Gemini model ids: the current GA Flash model, the ids Google has shut
 * down, and how each family is configured (sampling, thinking, output limit).
 *
 * Source: Google's Gemini API changelog, models, thinking and deprecations pages, read 2026-11-29.
 * - gemini-3.8-flash: GA since 2026-09-02, the current Flash model; thinking levels LOW, MEDIUM, HIGH
 *   (default MEDIUM; MINIMAL is refused); 1,048,576 input and 65,536 output tokens.
 * - 2026-07-21: the sampling parameters temperature, top_p and top_k are deprecated for the 3.x
 *   models; Google asks to leave them unset (the 3.x models are tuned for their defaults).
 * - Gemini 2.5 takes `thinkingBudget` (tokens) and refuses `thinkingLevel`; 3.x takes `thinkingLevel`;
 *   a request with both is a 400.
 * - Shut down (404 NOT_FOUND): gemini-2.0-flash(-001), gemini-2.0-flash-lite(-001) on 2026-06-01,
 *   gemini-3-pro-preview on 2026-03-09, gemini-3.1-flash-lite-preview on 2026-05-25,
 *   gemini-2.5-flash-preview-09-2025 on 2026-02-17. gemini-2.5-flash and gemini-2.5-pro are
 *   deprecated and shut down on 2026-12-01. gemini-3.5-flash and gemini-3.7-flash were retired on
 *   2026-10-08 (their requests are routed to gemini-3.6-flash and gemini-3.8-flash for now).
 */
import { DEFAULT_GEMINI_MODEL } from '../constants.js';

/** The model to use today (the `gemini-model` input's default). */
export const CURRENT_GEMINI_MODEL = DEFAULT_GEMINI_MODEL;

/** Ids Google has shut down or announced as retired, with the date. */
export const RETIRED_MODELS: Readonly<Record<string, string>> = {
  'gemini-2.0-flash': '2026-06-01',
  'gemini-2.0-flash-001': '2026-06-01',
  'gemini-2.0-flash-lite': '2026-06-01',
  'gemini-2.0-flash-lite-001': '2026-06-01',
  'gemini-3-pro-preview': '2026-03-09',
  'gemini-3.1-flash-lite-preview': '2026-05-25',
  'gemini-2.5-flash-preview-09-2025': '2026-02-17',
  'gemini-2.5-flash': '2026-12-01',
  'gemini-2.5-pro': '2026-12-01',
  'gemini-3.5-flash': '2026-10-08',
  'gemini-3.7-flash': '2026-10-08'
};

/** How a request to a model is configured. */
export interface ModelProfile {
  /** `temperature: 0` is sent (Gemini 2.x); never to 3.x, whose sampling parameters are deprecated. */
  sampling: boolean;
  /** The thinking configuration sent, if any. */
  thinking?: { thinkingBudget: number } | { thinkingLevel: 'LOW' | 'MEDIUM' | 'HIGH' };
  /** The model's own cap on output tokens (thinking included). */
  maxOutputTokens: number;
}

/** The output limit of every current text model (2.5 and 3.x). */
const MODEL_MAX_OUTPUT = 65_536;

/** The version of a `gemini-X.Y-…` id (`models/` prefix allowed), or undefined for aliases. */
export function modelVersion(model: string): { major: number; minor: number } | undefined {
  const m = /^(?:models\/)?gemini-(\d+)(?:\.(\d+))?-/.exec(model);
  return m ? { major: Number(m[1]), minor: Number(m[2] ?? 0) } : undefined;
}

/**
 * The request configuration of a model:
 * - 2.x: `temperature: 0` and a thinking budget of 8192 tokens (inside every 2.5 model's range).
 * - 3.x and later: no sampling parameters; thinking level MEDIUM (the Flash default, accepted by
 *   Flash, Flash-Lite and Pro; a diagnosis or a small patch does not need HIGH).
 * - An alias (`gemini-flash-latest`) or any other id: neither, so the API's defaults apply and no
 *   parameter the model refuses is sent.
 */
export function modelProfile(model: string): ModelProfile {
  const v = modelVersion(model);
  if (v && v.major <= 2)
    return { sampling: true, thinking: { thinkingBudget: 8192 }, maxOutputTokens: MODEL_MAX_OUTPUT };
  if (v && v.major >= 3)
    return { sampling: false, thinking: { thinkingLevel: 'MEDIUM' }, maxOutputTokens: MODEL_MAX_OUTPUT };
  return { sampling: false, maxOutputTokens: MODEL_MAX_OUTPUT };
}

/** The shutdown date of a retired or retiring model, if known. */
export function retiredOn(model: string): string | undefined {
  return RETIRED_MODELS[model.replace(/^models\//, '')];
}
