-- flows.created_by names the principal that created the flow by its id (a user's usr_…, an API token's
-- tok_…), no longer by a user's email or a token's name, which can change or be shared. Each stored name
-- becomes an id where it resolves; one that does not keep its old value, which matches no principal.
-- 1. The flow.created entry of the audit log names the id of whoever created the flow under that name.
UPDATE flows SET created_by = (
  SELECT a.actor_id FROM audit_log a
  WHERE a.action = 'flow.created' AND a.target = flows.id AND a.actor_name = flows.created_by AND a.actor_id IS NOT NULL
  ORDER BY a.seq DESC LIMIT 1
)
WHERE EXISTS (
  SELECT 1 FROM audit_log a
  WHERE a.action = 'flow.created' AND a.target = flows.id AND a.actor_name = flows.created_by AND a.actor_id IS NOT NULL
);
--> statement-breakpoint
-- 2. Else the user with that email.
UPDATE flows SET created_by = (SELECT u.id FROM users u WHERE u.email = flows.created_by)
WHERE created_by IN (SELECT email FROM users)
  AND created_by NOT IN (SELECT id FROM users) AND created_by NOT IN (SELECT id FROM api_tokens);
--> statement-breakpoint
-- 3. Else the API token with that name, when only one has it.
UPDATE flows SET created_by = (SELECT t.id FROM api_tokens t WHERE t.name = flows.created_by)
WHERE created_by IN (SELECT name FROM api_tokens GROUP BY name HAVING count(*) = 1)
  AND created_by NOT IN (SELECT id FROM users) AND created_by NOT IN (SELECT id FROM api_tokens);
