/** The admin API token every test runtime is bootstrapped with (WEFT_BOOTSTRAP_TOKEN). */
export const ADMIN_TOKEN = 'weft_test-admin-token-0123456789';
export const ADMIN_AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` } as const;
