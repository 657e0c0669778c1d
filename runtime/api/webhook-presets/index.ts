import { docusignConnect, intuit, shopify } from './body-signed.ts';
import type { Preset } from './common.ts';
import { github } from './github.ts';
import { hubspotV3 } from './hubspot-v3.ts';
import { slack } from './slack.ts';
import { standardWebhooks } from './standard-webhooks.ts';
import { stripe } from './stripe.ts';

export type { Preset, SignedRequest, Verified } from './common.ts';

/** How each sender Weft knows signs its webhooks, by the name a trigger's `verify.scheme` gives. */
export const PRESETS = {
  'standard-webhooks': standardWebhooks,
  stripe,
  github,
  slack,
  shopify,
  'hubspot-v3': hubspotV3,
  'docusign-connect': docusignConnect,
  intuit,
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
