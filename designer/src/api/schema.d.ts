/**
 * The Weft API as TypeScript types, generated from its OpenAPI document by openapi-typescript.
 * Do not edit: run `npm run api:types` after changing a route or a response schema.
 */

export interface paths {
    "/alerts/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alert channels (never their secrets: secretSet says whether one is stored) */
        get: operations["listAlertChannels"];
        put?: never;
        /** Create a channel: a signed webhook, a Slack incoming webhook or email over SMTP */
        post: operations["createAlertChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/alerts/channels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a channel; a secret setting left out keeps its stored value */
        put: operations["updateAlertChannel"];
        post?: never;
        /** Delete a channel no rule notifies; its pending notifications give up */
        delete: operations["deleteAlertChannel"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/alerts/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alert history: incidents newest first, each with its notifications and their delivery */
        get: operations["listAlertIncidents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/alerts/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alert rules */
        get: operations["listAlertRules"];
        put?: never;
        /** Create an alert rule: what to watch (kind, condition) and which channels to notify */
        post: operations["createAlertRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/alerts/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change an alert rule (disabling it closes its incidents without a notification) */
        put: operations["updateAlertRule"];
        post?: never;
        /** Delete an alert rule; its incidents stay in the history */
        delete: operations["deleteAlertRule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit log entries, newest first, filtered; format=csv downloads them */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check the hash chain of the whole audit log */
        get: operations["verifyAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with email and password: sets the HttpOnly session cookie and returns the CSRF token */
        post: operations["signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this session */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your own password (other sessions end) */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in (or which token is used), with the CSRF token of a cookie session; principal null when nobody is */
        get: operations["getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create the owner (first admin) and sign in; refused once anyone exists */
        post: operations["setUpOwner"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether Weft still needs its owner set-up (no user yet) */
        get: operations["getAuthStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/canonical-schemas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The canonical data model: one JSON Schema per record, referenced as {"$ref": "canonical:<name>"} */
        get: operations["listCanonicalSchemas"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/circuits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Circuit breakers and rate limits per downstream host:port
         * @description Circuits of every host a connector has called since start; rate limits of every configured host and of hosts paused by a 429. Steps refused by an open circuit or a full rate limit wait as "retrying" with error code circuit_open without using up an attempt.
         */
        get: operations["getCircuits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stored connections (never their secrets: auth.secretSet says whether one is stored) */
        get: operations["listConnections"];
        put?: never;
        /** Store a connection; secret fields (token, password, key, clientSecret) are encrypted and never returned */
        post: operations["createConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One connection */
        get: operations["getConnection"];
        /** Change a connection; a secret field left out keeps its stored value, null removes it */
        put: operations["updateConnection"];
        post?: never;
        /** Delete a connection no flow uses */
        delete: operations["deleteConnection"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/openapi": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The connection's OpenAPI document as stored (its spec version in the x-weft-spec-version header) */
        get: operations["getConnectionOpenApi"];
        /** Store an OpenAPI 3.0/3.1 document (JSON or YAML) for the connection; with dryRun=true only list the steps it would change or break */
        put: operations["putConnectionOpenApi"];
        post?: never;
        /** Remove the connection's OpenAPI document */
        delete: operations["deleteConnectionOpenApi"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/openapi/fetch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Read the connection's OpenAPI document from a path or URL below its base URL, through the egress guard */
        post: operations["fetchConnectionOpenApi"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/openapi/paging": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Paging every operation step of the connection uses unless it sets its own (null clears it) */
        put: operations["putConnectionPaging"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operations of the connection's OpenAPI document: operationId, method, path, parameters, body and answer schemas */
        get: operations["listConnectionOperations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/connections/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Call the connection's base URL with its authentication and report what came back */
        post: operations["testConnection"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The estate by business process and criticality: runs by end, what runs are doing now, SLA breaches
         * @description Runs finished in the range come from per-minute roll-ups kept as runs finish; retrying, waiting, held by an open circuit, the backlog and the failed-runs queue are as of now. An analyst sees only the flows they created.
         */
        get: operations["getDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dashboard/flows/{flowId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One flow over a time range: runs per step (about 120 points), success rate, p50/p95, failures */
        get: operations["getFlowDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/expressions/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Evaluate a JSONata expression on an input exactly as the runtime would (live preview) */
        post: operations["evaluateExpression"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List flows with status, last run and recent failures */
        get: operations["listFlows"];
        put?: never;
        /** Create a flow from a definition */
        post: operations["createFlow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The draft of a flow and its revision */
        get: operations["getFlow"];
        /** Save the draft. Send the revision you edited (body `revision` or If-Match); a stale one is refused with 409 */
        put: operations["saveFlow"];
        post?: never;
        /** Delete a flow that is not active */
        delete: operations["deleteFlow"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a published version receive trigger events (rollback = activate an older one) */
        post: operations["activateFlow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop receiving trigger events */
        post: operations["deactivateFlow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Freeze the draft as a new immutable version (422 while problems exist). The draft's test cases run first; a failing one refuses the publish (422 tests_failed) unless its setting onFailingTests is "warn"; the version records how they came out */
        post: operations["publishFlow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the draft now on an input and return every step */
        post: operations["testFlow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/tests/record": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a test case from a finished test run: its input, the answers of its recorded steps, and its status, response and results as expectations (nothing is saved) */
        post: operations["recordFlowTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/tests/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the flow's test cases (of the definition sent, else of the saved draft); recorded steps are answered from each case's recordings, no system is called */
        post: operations["runFlowTests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/triggers/{node}/cursor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where a polling trigger has read its system up to */
        get: operations["getTriggerCursor"];
        /** Set a polling trigger's cursor (audited): the next poll starts there */
        put: operations["resetTriggerCursor"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Static check of the draft, or of the definition sent (an unsaved edit of it) */
        post: operations["validateFlow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Published versions, newest first */
        get: operations["listFlowVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One published version with its definition */
        get: operations["getFlowVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/versions/{version}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a published version for activation (not by its publisher; approving again changes nothing) */
        post: operations["approveFlowVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/flows/{id}/versions/{version}/refuse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Refuse a published version with a reason: it cannot be activated until another user approves it */
        post: operations["refuseFlowVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lookup-tables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lookup tables: name, version, number of entries, last change */
        get: operations["listLookupTables"];
        put?: never;
        /** Create a lookup table from {name, entries} or from CSV (text/csv, with ?name=) */
        post: operations["createLookupTable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/lookup-tables/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A lookup table with its entries; as CSV for {name}.csv or Accept: text/csv */
        get: operations["getLookupTable"];
        /** Replace every entry of a lookup table, from {entries, version} or CSV; the version read goes in If-Match or the body (409 when the table changed since) */
        put: operations["replaceLookupTable"];
        post?: never;
        /** Delete a lookup table and its entries */
        delete: operations["deleteLookupTable"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Counters of this process (steps committed, runs started and finished, store transactions) and its memory */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/node-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every node kind with its ports and config JSON Schema */
        get: operations["listNodeTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operations of every connection that carries an OpenAPI document, by connection */
        get: operations["listAllOperations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether this process should be sent traffic (for load balancers)
         * @description GET /healthz says the process is alive; /readyz says it can take work: 200 when it can, 503 with the reason while it drains for a shutdown or while its database refuses reads or writes (disk full, I/O error, read-only). It becomes ready again by itself once the database takes writes. Webhooks are refused with 503 and Retry-After for as long as it is not ready.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retention policies, the policy of every flow, the database size and the last prune */
        get: operations["getRetention"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/retention/{flowId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set how long a flow's runs are kept (flowId * sets the default) */
        put: operations["setRetentionPolicy"];
        post?: never;
        /** Remove a flow's own policy so the default applies (flowId *: the default keeps runs forever again) */
        delete: operations["removeRetentionPolicy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/retention/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Prune now by the current policies and give the freed space back to the file system */
        post: operations["pruneNow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Run history, newest first, filtered by flow, status, mode, time range, business key and text
         * @description Newest first, by creation time. Each run comes without its trigger event and steps, with `attempts` (all its steps together), `durationMs` (null while running), its business key and its flow's business process and criticality. `next` is the `before` value of the next page, or null on the last page.
         */
        get: operations["listRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One run with every step: input, output, error, attempts, timings */
        get: operations["getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a run waiting at an approval step: it leaves by "approved" */
        post: operations["approveRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop a running run (also one waiting for a retry) with a reason */
        post: operations["cancelRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}/discard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a failed run aside with a reason; it leaves the failed-runs queue */
        post: operations["discardRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a run waiting at an approval step: it leaves by "rejected" */
        post: operations["rejectRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the same version again from this run's trigger event; connector steps send the original run's idempotency keys, so nothing that succeeded happens twice */
        post: operations["replayRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry a failed run from its failed step, optionally with an edited input (`input` replaces it, `patch` is a JSON Merge Patch); completed steps keep their outputs and connectors their idempotency keys */
        post: operations["retryRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/{id}/steps/{node}/retry-failed-items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry only the failed items of a finished run's loop step: its body runs that succeeded keep their results, the failed ones run again from their failed step with the same idempotency keys, and the steps after the loop run again with its new output */
        post: operations["retryFailedLoopItems"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry (optionally with a JSON Merge Patch on each failed step's input), replay or discard many runs, given by id or by a filter on the failed-runs queue (at most 1000) */
        post: operations["bulkRunAction"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/runs/failed/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The failed-runs queue grouped by flow, failing node and error code, biggest groups first */
        get: operations["summarizeFailedRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/settings/four-eyes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which flows need a version approved by a user other than its publisher before activation */
        get: operations["getFourEyesPolicy"];
        /** Set four-eyes activation: off, all flows, or flows at or above a criticality (audited) */
        put: operations["setFourEyesPolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API tokens (never their values) */
        get: operations["listTokens"];
        put?: never;
        /** Create an API token with a role; its value is in this answer only */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token (it stops working at once) */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every user with role and state */
        get: operations["listUsers"];
        put?: never;
        /** Add a user with a role and an initial password */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user's email, name, role or password, or disable them (their sessions end); the flows they created stay theirs */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/variables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The installation's environment variables ($env in expressions), by name */
        get: operations["listVariables"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/variables/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a variable (201 when new); a description left out keeps the one it had. Values are not secret: they are shown to every user and written into the audit log */
        put: operations["putVariable"];
        post?: never;
        /** Delete a variable; flows that read it get a warning from the static check */
        delete: operations["deleteVariable"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Worker processes sharing this database and their leases
         * @description Each worker renews its lease every third of the lease period. The runs of a worker whose lease ran out — or whose process is gone from this host — are taken over by another worker; a worker that stops gracefully gives its lease up at once.
         */
        get: operations["listWorkers"];
        put?: never;
        post?: never;
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
        Activation: {
            activeVersion: number | null;
            /** @description Deactivate: false when the flow was not active */
            changed?: boolean;
            flowId: string;
        };
        AlertChannel: {
            createdAt: number;
            id: string;
            /** @enum {string} */
            kind: "webhook" | "slack" | "email";
            name: string;
            /** @description Whether a secret (signing secret, Slack URL, SMTP password) is stored */
            secretSet: boolean;
            /** @description Without the secret fields */
            settings: {
                [key: string]: unknown;
            };
            updatedAt: number;
            updatedBy: string | null;
            /** @description Rules that notify it */
            usedBy: string[];
        };
        AlertIncident: {
            deliveries: {
                attempts: number;
                channelId: string;
                createdAt: number;
                /** @enum {string} */
                event: "opened" | "repeat" | "resolved";
                id: string;
                lastError: string | null;
                nextAttemptAt: number | null;
                sentAt: number | null;
                /**
                 * @description "failed": given up after the last attempt
                 * @enum {string}
                 */
                status: "pending" | "sent" | "failed";
            }[];
            detail: {
                /** @description The business object of the run, when the flow names one */
                businessKey: string | null;
                businessProcess: string | null;
                /** @enum {string|null} */
                criticality: "critical" | "high" | "normal" | "low" | null;
                error: {
                    code: string;
                    message: string;
                } | null;
                flowId: string | null;
                flowName: string | null;
                /** @description The downstream host:port or connection (circuit_open) */
                host: string | null;
                owner: string | null;
                runId: string | null;
                /** @description One line: what holds, e.g. "Run failed: Invoice sync (ERP answered 500)" */
                summary: string;
                /** @description What the rule allows */
                threshold: number | null;
                /** @description What was measured: failure %, runs in the queue, minutes open… */
                value: number | null;
            };
            flowId: string | null;
            /** @description What the incident is about for its rule, e.g. flow:invoice-sync or host:erp:443 */
            groupKey: string;
            id: string;
            /** @enum {string} */
            kind: "run_failed" | "failure_rate" | "sla_breach" | "circuit_open" | "backlog" | "silent";
            lastSeenAt: number;
            notifiedAt: number | null;
            occurrences: number;
            openedAt: number | null;
            resolvedAt: number | null;
            ruleId: string;
            ruleName: string;
            since: number;
            /**
             * @description "pending": holding, not yet for as long as the rule asks before notifying
             * @enum {string}
             */
            status: "pending" | "open" | "resolved";
        };
        AlertRule: {
            channelIds: string[];
            condition: {
                [key: string]: unknown;
            };
            createdAt: number;
            enabled: boolean;
            id: string;
            /** @enum {string} */
            kind: "run_failed" | "failure_rate" | "sla_breach" | "circuit_open" | "backlog" | "silent";
            name: string;
            repeatMinutes: number | null;
            updatedAt: number;
            updatedBy: string | null;
        };
        ApiToken: {
            createdAt: number;
            createdBy: string | null;
            expiresAt: number | null;
            id: string;
            lastUsedAt: number | null;
            name: string;
            /** @description The first characters of the token, to recognise it */
            prefix: string;
            revokedAt: number | null;
            /** @enum {string} */
            role: "analyst" | "operator" | "admin";
        };
        ApprovalState: {
            at: number | null;
            /** @description Who approved or refused it (user email or token name) */
            by: string | null;
            publishedBy: string | null;
            /** @description Why it was refused */
            reason: string | null;
            /**
             * @description not_required: the policy does not cover the flow; pending: nobody approved it yet
             * @enum {string}
             */
            state: "not_required" | "pending" | "approved" | "refused";
        };
        AuditEntry: {
            /** @description e.g. flow.published, run.retried, auth.login_failed */
            action: string;
            actorId: string | null;
            /** @description "user", "token" or "run" (a step of that run, e.g. a lookup.write); null for the system or an unknown caller */
            actorKind: string | null;
            actorName: string | null;
            after?: unknown;
            at: number;
            before?: unknown;
            detail?: unknown;
            hash: string;
            prevHash: string;
            seq: number;
            target: string | null;
        };
        AuditVerification: {
            entries: number;
            lastHash: string;
            /** @enum {boolean} */
            ok: true;
        } | {
            entries: number;
            /** @enum {boolean} */
            ok: false;
            problem: string;
            /** @description The first entry that does not fit the chain */
            seq: number;
        };
        AuthStatus: {
            setupNeeded: boolean;
        };
        BulkResult: {
            /** @description Runs the action was applied to */
            done: string[];
            /** @description Runs it was refused for, and why */
            failed: {
                error: string;
                runId: string;
            }[];
            /** @description Runs the ids or the filter named */
            matched: number;
        };
        CanonicalSchemas: {
            schemas: {
                description: string;
                /**
                 * @description "definitions" for canonical:Common, which only holds shared definitions
                 * @enum {string}
                 */
                kind: "model" | "definitions";
                /** @example Project */
                name: string;
                /** @description The JSON Schema (draft-07); its $id is "canonical:<name>" */
                schema: {
                    [key: string]: unknown;
                };
                title: string;
            }[];
        };
        Circuits: {
            circuits: {
                consecutiveFailures: number;
                /** @example erp.example.com */
                host: string;
                lastError: string | null;
                /** @description When the probe request may go (ms since epoch); null while closed */
                nextTryAt: number | null;
                /** @description When the circuit last opened (ms since epoch); null while closed */
                openedAt: number | null;
                /**
                 * @description "half_open": the cool-down is over and one probe request may go (or is in flight)
                 * @enum {string}
                 */
                state: "closed" | "open" | "half_open";
            }[];
            rateLimits: {
                /** @example 127.0.0.1:4100 */
                host: string;
                intervalMs: number | null;
                /** @description Requests per interval; null for a host without a limit that answered 429 with Retry-After */
                limit: number | null;
                /** @description A 429 Retry-After holds every request to the host until then; null when not paused */
                pausedUntil: number | null;
                /** @description Requests waiting for their turn */
                waiting: number;
            }[];
        };
        Connection: {
            allowPrivate: boolean;
            auth: {
                clientId?: string;
                header?: string;
                scope?: string;
                /** @description Whether a secret (token, password, key, client secret or private key) is stored */
                secretSet: boolean;
                tokenUrl?: string;
                /** @enum {string} */
                type: "none" | "bearer" | "basic" | "api_key" | "oauth2_client_credentials" | "ssh_key";
                username?: string;
            };
            baseUrl: string;
            createdAt: number;
            id: string;
            name: string;
            rateLimit: string | null;
            updatedAt: number;
            updatedBy: string | null;
            /** @description Flows whose draft uses it */
            usedBy: string[];
        };
        ConnectionOperations: {
            hash: string;
            operations: {
                [key: string]: unknown;
            }[];
            version: number;
        };
        ConnectionSpecChange: {
            dryRun: boolean;
            impact: components["schemas"]["ImpactedStep"][];
            spec?: components["schemas"]["ConnectionSpecInfo"];
        };
        ConnectionSpecInfo: {
            connectionId: string;
            hash: string;
            operations: number;
            source: string;
            updatedAt: number;
            updatedBy: string | null;
            version: number;
        };
        ConnectionTestResult: {
            message: string;
            ms: number;
            ok: boolean;
            /** @description HTTP status of the answer; null when none came */
            status: number | null;
        };
        DashboardOverview: {
            counts: {
                /** @description Unfinished live runs, now */
                backlog: number;
                /** @description Live runs cancelled in the range */
                cancelled: number;
                /** @description Live runs that failed in the range */
                failed: number;
                /** @description Failed live runs in the failed-runs queue, whenever they failed */
                failedQueue: number;
                /** @description Unfinished live runs with a step held by an open circuit, now */
                heldByCircuit: number;
                /** @description Unfinished live runs with a step waiting for its next attempt, now */
                retrying: number;
                /** @description Active flows that have not succeeded for longer than their freshnessMs */
                silent: number;
                /** @description Live runs finished in the range that ran longer than their flow’s maxDurationMs, to the duration bucket (about 19%) */
                slaBreaches: number;
                /** @description Live runs that succeeded in the range */
                succeeded: number;
                /** @description Live runs past their flow’s run timeout in the range */
                timedOut: number;
                /** @description Unfinished live runs waiting for an approval, a delay or a sub-flow, now */
                waiting: number;
            };
            from: number;
            groups: {
                businessProcess: string | null;
                counts: {
                    /** @description Unfinished live runs, now */
                    backlog: number;
                    /** @description Live runs cancelled in the range */
                    cancelled: number;
                    /** @description Live runs that failed in the range */
                    failed: number;
                    /** @description Failed live runs in the failed-runs queue, whenever they failed */
                    failedQueue: number;
                    /** @description Unfinished live runs with a step held by an open circuit, now */
                    heldByCircuit: number;
                    /** @description Unfinished live runs with a step waiting for its next attempt, now */
                    retrying: number;
                    /** @description Active flows that have not succeeded for longer than their freshnessMs */
                    silent: number;
                    /** @description Live runs finished in the range that ran longer than their flow’s maxDurationMs, to the duration bucket (about 19%) */
                    slaBreaches: number;
                    /** @description Live runs that succeeded in the range */
                    succeeded: number;
                    /** @description Live runs past their flow’s run timeout in the range */
                    timedOut: number;
                    /** @description Unfinished live runs waiting for an approval, a delay or a sub-flow, now */
                    waiting: number;
                };
                /** @enum {string} */
                criticality: "critical" | "high" | "normal" | "low";
                flows: {
                    active: boolean;
                    counts: {
                        /** @description Unfinished live runs, now */
                        backlog: number;
                        /** @description Live runs cancelled in the range */
                        cancelled: number;
                        /** @description Live runs that failed in the range */
                        failed: number;
                        /** @description Failed live runs in the failed-runs queue, whenever they failed */
                        failedQueue: number;
                        /** @description Unfinished live runs with a step held by an open circuit, now */
                        heldByCircuit: number;
                        /** @description Unfinished live runs with a step waiting for its next attempt, now */
                        retrying: number;
                        /** @description Active flows that have not succeeded for longer than their freshnessMs */
                        silent: number;
                        /** @description Live runs finished in the range that ran longer than their flow’s maxDurationMs, to the duration bucket (about 19%) */
                        slaBreaches: number;
                        /** @description Live runs that succeeded in the range */
                        succeeded: number;
                        /** @description Live runs past their flow’s run timeout in the range */
                        timedOut: number;
                        /** @description Unfinished live runs waiting for an approval, a delay or a sub-flow, now */
                        waiting: number;
                    };
                    flowId: string;
                    freshnessMs: number | null;
                    /** @description When its latest succeeded live run finished */
                    lastSuccess: number | null;
                    maxDurationMs: number | null;
                    name: string;
                    owner: string | null;
                }[];
            }[];
            now: number;
            openCircuits: {
                host: string;
                lastError: string | null;
                nextTryAt: number | null;
                state: string;
            }[];
            /** @enum {string} */
            range: "1h" | "24h" | "7d" | "custom";
            to: number;
        };
        DatabaseSize: {
            /**
             * @description 'incremental': pruning returns freed pages to the file system
             * @enum {string}
             */
            autoVacuum: "none" | "full" | "incremental";
            /** @description pageCount × pageSize */
            bytes: number;
            /** @description Size of weft.db on disk; null for an in-memory database */
            fileBytes: number | null;
            /** @description Pages inside the file that hold no data (reused before the file grows) */
            freelistPages: number;
            pageCount: number;
            pageSize: number;
            /** @description Size of the write-ahead log on disk; null for an in-memory database */
            walBytes: number | null;
        };
        Draft: {
            /** @description The version receiving trigger events; null when the flow is inactive */
            activeVersion: number | null;
            createdAt: number;
            definition: components["schemas"]["FlowDefinition"];
            /** @description Goes up by one with every save; send it back (body `revision` or If-Match) to save */
            revision: number;
            updatedAt: number;
        };
        Error: {
            error: {
                code: string;
                details?: unknown;
                message: string;
            };
        };
        EvaluateResult: {
            /** @enum {boolean} */
            ok: true;
            /** @description The value; a large one as {"$weftTruncated": true, bytes, preview} */
            result?: unknown;
        } | {
            error: {
                /** @example expression_syntax */
                code: string;
                message: string;
                /** @description Character offset of the problem inside the expression */
                position?: number;
            };
            /** @enum {boolean} */
            ok: false;
        };
        FailedGroup: {
            count: number;
            errorCode: string | null;
            firstAt: number;
            flowId: string;
            lastAt: number;
            /** @description The error message of the latest run in the group */
            message: string | null;
            nodeId: string | null;
            /** @description The failing node's name in the flow's active version (else its draft); null when it has none */
            nodeName: string | null;
        };
        FlowDashboard: {
            failures: {
                count: number;
                errorCode: string | null;
                nodeId: string | null;
            }[];
            flow: {
                active: boolean;
                businessProcess: string | null;
                counts: {
                    /** @description Unfinished live runs, now */
                    backlog: number;
                    /** @description Live runs cancelled in the range */
                    cancelled: number;
                    /** @description Live runs that failed in the range */
                    failed: number;
                    /** @description Failed live runs in the failed-runs queue, whenever they failed */
                    failedQueue: number;
                    /** @description Unfinished live runs with a step held by an open circuit, now */
                    heldByCircuit: number;
                    /** @description Unfinished live runs with a step waiting for its next attempt, now */
                    retrying: number;
                    /** @description Active flows that have not succeeded for longer than their freshnessMs */
                    silent: number;
                    /** @description Live runs finished in the range that ran longer than their flow’s maxDurationMs, to the duration bucket (about 19%) */
                    slaBreaches: number;
                    /** @description Live runs that succeeded in the range */
                    succeeded: number;
                    /** @description Live runs past their flow’s run timeout in the range */
                    timedOut: number;
                    /** @description Unfinished live runs waiting for an approval, a delay or a sub-flow, now */
                    waiting: number;
                };
                /** @enum {string} */
                criticality: "critical" | "high" | "normal" | "low";
                flowId: string;
                freshnessMs: number | null;
                /** @description When its latest succeeded live run finished */
                lastSuccess: number | null;
                maxDurationMs: number | null;
                name: string;
                owner: string | null;
            };
            from: number;
            now: number;
            p50Ms: number | null;
            p95Ms: number | null;
            /** @enum {string} */
            range: "1h" | "24h" | "7d" | "custom";
            /** @description Runs finished per step from `from`, one point per step */
            series: {
                at: number;
                failed: number;
                other: number;
                succeeded: number;
            }[];
            /** @description Length of each point of the series */
            stepMs: number;
            /** @description Succeeded of the runs finished in the range (0…1); null when none did */
            successRate: number | null;
            to: number;
        };
        FlowDefinition: {
            description?: string;
            edges: {
                id: string;
                source: string;
                /** @default out */
                sourcePort: string;
                target: string;
                /** @default in */
                targetPort: string;
            }[];
            id: string;
            name: string;
            nodes: {
                /** @default {} */
                config: {
                    [key: string]: unknown;
                };
                description?: string;
                id: string;
                name?: string;
                /** @description Id of the control.loop node whose body this node belongs to; body nodes connect only to nodes of the same body (shared/loop.ts) */
                parentId?: string;
                type: string;
                /** @default 1 */
                typeVersion: number;
                ui?: {
                    collapsed?: boolean;
                    color?: string;
                    position?: {
                        x: number;
                        y: number;
                    };
                };
            }[];
            /** @description Sample trigger payloads for test runs */
            samples?: {
                name: string;
                payload?: unknown;
            }[];
            /** @enum {number} */
            schemaVersion: 1;
            /** @default {} */
            settings: {
                /** @description Expression over the trigger body naming the business object of a run, e.g. "=invoice.number"; evaluated when the run is accepted. A string or number (at most 200 characters) becomes the run's business key, searchable across flows; anything else leaves the run without one (the run goes on, and says why) */
                businessKey?: string;
                /** @description The business process the flow serves, e.g. "Quote-to-cash"; shown with each of its runs */
                businessProcess?: string;
                /** @description Most runs of this flow executing at once; later runs wait their turn in arrival order */
                concurrency?: number;
                /**
                 * @description How much the flow matters: "critical", "high", "normal" (the default) or "low"
                 * @enum {string}
                 */
                criticality?: "critical" | "high" | "normal" | "low";
                /**
                 * @description When a test case fails at publish: "block" (the default) refuses to publish; "warn" publishes and records the failure on the version
                 * @enum {string}
                 */
                onFailingTests?: "block" | "warn";
                /**
                 * @description When a run fails: "fail" (the default) leaves it failed; "compensate" first runs the compensating calls of the steps that succeeded, in reverse order, and the run ends compensated
                 * @enum {string}
                 */
                onFailure?: "fail" | "compensate";
                /** @description Expression over the trigger body, e.g. "timeEntry.projectCode": runs with the same key execute one at a time, in arrival order; different keys run side by side */
                orderingKey?: string;
                /** @description The team that owns the flow, e.g. "Finance IT" */
                owner?: string;
                /** @description A run still going this long after it started ends timed_out (steps in flight finish, nothing new starts) */
                runTimeoutMs?: number;
                /** @description Service levels the flow is held to, in milliseconds */
                sla?: {
                    /** @description A run of the flow should succeed at least once every this many milliseconds */
                    freshnessMs?: number;
                    /** @description A run should finish within this many milliseconds of its start */
                    maxDurationMs?: number;
                };
            };
            /** @description Test cases: a trigger input, recorded answers of the steps that reach outside, and expectations */
            tests?: {
                description?: string;
                env?: {
                    [key: string]: string;
                };
                /** @default {} */
                expect: {
                    assertions?: string[];
                    response?: {
                        body?: unknown;
                        status?: number;
                    };
                    /** @enum {string} */
                    status?: "succeeded" | "failed" | "compensated" | "waiting_approval";
                    steps?: {
                        [key: string]: {
                            error?: {
                                code: string;
                            };
                            output?: unknown;
                            port?: string;
                            /** @enum {string} */
                            status?: "succeeded" | "failed" | "skipped";
                        };
                    };
                };
                headers?: {
                    [key: string]: string;
                };
                input?: unknown;
                name: string;
                query?: {
                    [key: string]: string;
                };
                recordings?: {
                    [key: string]: {
                        output?: unknown;
                        port?: string;
                    } | {
                        error: {
                            code: string;
                            message: string;
                            retryable?: boolean;
                        };
                    } | ({
                        output?: unknown;
                        port?: string;
                    } | {
                        error: {
                            code: string;
                            message: string;
                            retryable?: boolean;
                        };
                    })[];
                };
                trigger?: string;
            }[];
        };
        FlowHasProblems: {
            error: {
                /** @enum {string} */
                code: "flow_has_problems";
                details: {
                    /** @description The errors that block publishing */
                    problems: components["schemas"]["FlowProblem"][];
                };
                message: string;
            };
        };
        FlowProblem: {
            /** @enum {string} */
            code: "schema" | "duplicate_id" | "unknown_type" | "invalid_config" | "expression_syntax" | "dangling_edge" | "unknown_port" | "edge_into_trigger" | "duplicate_edge" | "no_trigger" | "unreachable" | "cycle" | "duplicate_webhook" | "blocked_url" | "url_path_concatenation" | "unconnected_output" | "loop_body" | "unknown_variable";
            edgeId?: string;
            message: string;
            nodeId?: string;
            /** @description Path inside the definition or the node's config, e.g. "config.rules.0.expression" */
            path?: string;
            /** @description Character offset inside an expression */
            position?: number;
            /** @enum {string} */
            severity: "error" | "warning";
        };
        FlowSummary: {
            activeVersion: number | null;
            failuresLast24h: number;
            id: string;
            lastRun: {
                createdAt: number;
                id: string;
                /** @enum {string} */
                status: "running" | "waiting_approval" | "compensating" | "compensated" | "succeeded" | "failed" | "cancelled" | "timed_out" | "discarded";
            } | null;
            latestVersion: number | null;
            name: string;
            revision: number;
            updatedAt: number;
        };
        FourEyesPolicy: {
            /** @enum {string} */
            mode: "off";
        } | {
            /** @enum {string} */
            mode: "all";
        } | {
            /**
             * @description Flows of this criticality or above need approval
             * @enum {string}
             */
            criticality: "critical" | "high" | "normal" | "low";
            /** @enum {string} */
            mode: "criticality";
        };
        ImpactedStep: {
            /** @enum {string} */
            change: "removed" | "changed";
            flowId: string;
            nodeId: string;
            operation: string;
            version: number | "draft";
            what: string[];
        };
        ItemsRetry: {
            /** @description Failed body runs (items, or batches) retried */
            items: number;
            runId: string;
            /** @enum {string} */
            status: "running";
        };
        LookupEntry: {
            key: string;
            value?: unknown;
        };
        LookupReplaceInput: {
            entries: {
                key: string;
                value: unknown;
            }[];
            version?: number;
        };
        LookupTable: {
            entries: components["schemas"]["LookupEntry"][];
            entryCount: number;
            name: string;
            /** @description Milliseconds since the epoch */
            updatedAt: number;
            updatedBy: string | null;
            version: number;
        };
        LookupTableDeleted: {
            deleted: string;
        };
        LookupTableInput: {
            entries: {
                key: string;
                value: unknown;
            }[];
            name: string;
        };
        LookupTableList: {
            tables: components["schemas"]["LookupTableSummary"][];
        };
        LookupTableSummary: {
            entryCount: number;
            name: string;
            /** @description Milliseconds since the epoch */
            updatedAt: number;
            updatedBy: string | null;
            version: number;
        };
        Metrics: {
            /** @description Store transactions and the writes they carried */
            commits: {
                transactions: number;
                writes: number;
            };
            /** @description Counters of this process since it started */
            engine: {
                runsFinished: number;
                runsStarted: number;
                stepsCommitted: number;
            };
            /** @description The process's memory in bytes (node's process.memoryUsage()) */
            memory: {
                arrayBuffers: number;
                external: number;
                heapTotal: number;
                heapUsed: number;
                rss: number;
            };
        };
        NewApiToken: components["schemas"]["ApiToken"] & {
            /** @description The token (weft_…): shown in this answer only */
            token: string;
        };
        NodeType: {
            category: string;
            /** @description JSON Schema of the node config */
            configSchema: {
                [key: string]: unknown;
            };
            description: string;
            dynamicPorts: boolean;
            /** @description Config paths ("*" for array items) that always hold a JSONata expression */
            expressionFields: string[][];
            /** @description Static ports; for kinds whose ports depend on config, the ports of an empty config */
            ports: {
                inputs: string[];
                outputs: string[];
            };
            /** @description With dynamicPorts: the config path ("*" for array items) whose strings name the outputs listed before `ports.outputs` */
            portsFromConfig: string[] | null;
            /** @description Steps of this kind reach outside the flow: a test case answers them from the case's recordings */
            recorded?: boolean;
            retry: {
                factor: number;
                initialDelayMs: number;
                jitter: number;
                maxAttempts: number;
                maxDelayMs: number;
            };
            title: string;
            trigger: string | null;
            type: string;
            typeVersion: number;
        };
        Ok: {
            /** @description true */
            ok: boolean;
        };
        PolicyRemoved: {
            flowId: string;
            policy: components["schemas"]["RetentionPolicy"];
            /** @description false: the flow had no policy of its own */
            removed: boolean;
        };
        PollCursor: {
            /** @description The id of the last record taken (at `since`, for updatedSince) */
            afterId?: string | number | null;
            /** @description updatedSince: the change time polled up to */
            since?: string | null;
        };
        PollCursorView: {
            cursor: components["schemas"]["PollCursor"];
            flowId: string;
            /** @description Nothing stored yet: the next poll starts from the initial cursor */
            initial: boolean;
            /** @enum {string} */
            kind: "updatedSince" | "increasingId";
            nodeId: string;
            /** @description One more on every advance or reset; 0 when nothing is stored */
            revision: number;
            updatedAt: number | null;
            /** @description Who reset it by hand; null when a poll moved it */
            updatedBy: string | null;
            /** @description The flow version whose trigger configuration applies */
            version: number;
        };
        Principal: {
            id: string;
            /** @enum {string} */
            kind: "user" | "token";
            /** @description Email of a user, name of a token */
            name: string;
            /** @enum {string} */
            role: "analyst" | "operator" | "admin";
        };
        PruneResult: {
            /** @description Who asked for it; null for the background job */
            by: string | null;
            /** @description Bytes the database file gave back to the file system (incremental vacuum) */
            bytesFreed: number;
            /** @description false when the runtime stopped before the prune was through */
            complete: boolean;
            database: components["schemas"]["DatabaseSize"];
            finishedAt: number;
            /** @description Only the flows where something was removed */
            flows: {
                flowId: string;
                /** @description Succeeded runs whose step inputs and outputs were dropped */
                payloadsDropped: number;
                runsDeleted: number;
            }[];
            payloadsDropped: number;
            runsDeleted: number;
            startedAt: number;
        };
        Readiness: {
            /** @description The process is shutting down: it finishes what it has and takes nothing new */
            draining: boolean;
            /** @description Why the process should get no traffic (only when not ready) */
            reason?: {
                /** @enum {string} */
                code: "shutting_down" | "store_unavailable";
                message: string;
                /** @description The SQLite error of the store, e.g. SQLITE_FULL */
                store?: {
                    code: string;
                    message: string;
                };
            };
            /** @enum {string} */
            status: "ready" | "not_ready";
            store: {
                /** @enum {string} */
                dialect: "sqlite" | "postgres";
                /** @description What a commit survives: SQLite's synchronous (off, normal, full, extra) or PostgreSQL's synchronous_commit (off, local, on, remote_write, remote_apply) */
                synchronous: string;
            };
            /**
             * @description The worker id of this process
             * @example weft-1:4242:9f3a1c
             */
            worker: string;
        };
        Replay: {
            /** @description The new run */
            runId: string;
        };
        /** @description The policy that applies now */
        RetentionPolicy: {
            /** @description Finished runs older than this many days are deleted; null keeps them forever */
            days: number | null;
            /** @description false: a succeeded run keeps its outline (steps, status, timings) but not its step inputs and outputs */
            keepSuccessPayloads: boolean;
        };
        RetentionRule: {
            /** @description Finished runs older than this many days are deleted; null keeps them forever */
            days: number | null;
            flowId: string;
            /** @description false: a succeeded run keeps its outline (steps, status, timings) but not its step inputs and outputs */
            keepSuccessPayloads: boolean;
            updatedAt: number;
            /** @description Email of the user or name of the token that set it */
            updatedBy: string | null;
        };
        RetentionView: {
            database: components["schemas"]["DatabaseSize"];
            default: {
                /** @description Finished runs older than this many days are deleted; null keeps them forever */
                days: number | null;
                /** @description false: a succeeded run keeps its outline (steps, status, timings) but not its step inputs and outputs */
                keepSuccessPayloads: boolean;
                updatedAt: number | null;
                updatedBy: string | null;
            };
            flows: {
                flowId: string;
                name: string;
                policy: {
                    /** @description Finished runs older than this many days are deleted; null keeps them forever */
                    days: number | null;
                    /** @description false: a succeeded run keeps its outline (steps, status, timings) but not its step inputs and outputs */
                    keepSuccessPayloads: boolean;
                };
                /**
                 * @description 'flow': the flow's own policy; 'default': the '*' policy (or keep forever)
                 * @enum {string}
                 */
                source: "flow" | "default";
            }[];
            /** @description Minutes between background prunes; 0: no background job */
            intervalMin: number;
            /** @description The latest prune of this process, else the latest recorded in the audit log */
            lastPrune: components["schemas"]["PruneResult"] | null;
            /** @description The policies admins set, '*' included */
            rules: components["schemas"]["RetentionRule"][];
        };
        Run: {
            /** @description What operators did to the run, oldest first (with steps only) */
            actions?: components["schemas"]["RunAction"][];
            /** @description The business object the run is about (the flow's businessKey setting over the trigger body, at most 200 characters); null when the flow sets none or it gave none */
            businessKey: string | null;
            /** @description Why the flow's businessKey gave this run no key (the expression failed or gave no text or number) */
            businessKeyError: string | null;
            /** @description The flow's business process, as the version the run executes says */
            businessProcess: string | null;
            correlationId: string | null;
            createdAt: number;
            /**
             * @description The flow's criticality, as the version the run executes says
             * @enum {string}
             */
            criticality: "critical" | "high" | "normal" | "low";
            dedupeKey: string | null;
            error: {
                code: string;
                details?: unknown;
                message: string;
                nodeId?: string;
                retryable: boolean;
                /** @description Milliseconds the downstream asked us to wait (Retry-After), if any */
                retryAfterMs?: number;
            } | null;
            finishedAt: number | null;
            flowId: string;
            id: string;
            /** @description Progress of each control.loop step of the run: body executions done of all, running, failed (with steps only) */
            loops?: {
                /** @description Body executions that succeeded */
                done: number;
                failed: {
                    error: {
                        code: string;
                        message: string;
                    };
                    index: number;
                    runId: string;
                }[];
                nodeId: string;
                running: number;
                /** @description Body executions in all (items, or batches of items) */
                total: number;
            }[];
            /** @enum {string} */
            mode: "live" | "test";
            /** @description For a sub-flow run: the run whose control.call step started it */
            parentRunId?: string | null;
            /** @description The retention policy dropped the step inputs and outputs of this succeeded run; its steps show {"$weftPruned": true} */
            payloadsPruned?: boolean;
            /** @description For a replay: the run whose trigger event it replays */
            replayOf: string | null;
            response: {
                body?: unknown;
                headers?: {
                    [key: string]: string;
                };
                status: number;
            } | null;
            /** @enum {string} */
            status: "running" | "waiting_approval" | "compensating" | "compensated" | "succeeded" | "failed" | "cancelled" | "timed_out" | "discarded";
            steps?: components["schemas"]["Step"][];
            /** @description The OpenTelemetry trace of the run (32 hex digits); null when tracing was off as it started */
            traceId: string | null;
            trigger?: unknown;
            version: number | null;
        };
        RunAction: {
            /** @enum {string} */
            action: "retry" | "replay" | "replayed_from" | "discard" | "cancel" | "approve" | "reject";
            at: number;
            /** @description retry: { nodeId, input } when the input was edited; replay: { runId } of the new run; replayed_from: { runId } */
            detail: {
                [key: string]: unknown;
            } | null;
            note: string | null;
        };
        RunPage: {
            /** @description The `before` value of the next page; null on the last page */
            next: string | null;
            runs: components["schemas"]["RunSummary"][];
            /** @description With `q`: trigger events were searched in the runs created since this time (ms since epoch), the newest 10,000 matching the other filters; older runs are found by their business key only. null when every matching run was searched, or without `q` */
            searchedFrom: number | null;
        };
        RunStatusChange: {
            runId: string;
            /** @enum {string} */
            status: "running" | "discarded" | "cancelled";
        };
        RunSummary: {
            /** @description What operators did to the run, oldest first (with steps only) */
            actions?: {
                /** @enum {string} */
                action: "retry" | "replay" | "replayed_from" | "discard" | "cancel" | "approve" | "reject";
                at: number;
                /** @description retry: { nodeId, input } when the input was edited; replay: { runId } of the new run; replayed_from: { runId } */
                detail: {
                    [key: string]: unknown;
                } | null;
                note: string | null;
            }[];
            /** @description Attempts of all its steps together */
            attempts: number;
            /** @description The business object the run is about (the flow's businessKey setting over the trigger body, at most 200 characters); null when the flow sets none or it gave none */
            businessKey: string | null;
            /** @description Why the flow's businessKey gave this run no key (the expression failed or gave no text or number) */
            businessKeyError: string | null;
            /** @description The flow's business process, as the version the run executes says */
            businessProcess: string | null;
            correlationId: string | null;
            createdAt: number;
            /**
             * @description The flow's criticality, as the version the run executes says
             * @enum {string}
             */
            criticality: "critical" | "high" | "normal" | "low";
            dedupeKey: string | null;
            /** @description finishedAt − createdAt; null while the run is running */
            durationMs: number | null;
            error: {
                code: string;
                details?: unknown;
                message: string;
                nodeId?: string;
                retryable: boolean;
                /** @description Milliseconds the downstream asked us to wait (Retry-After), if any */
                retryAfterMs?: number;
            } | null;
            finishedAt: number | null;
            flowId: string;
            id: string;
            /** @enum {string} */
            mode: "live" | "test";
            /** @description For a sub-flow run: the run whose control.call step started it */
            parentRunId?: string | null;
            /** @description The retention policy dropped the step inputs and outputs of this succeeded run; its steps show {"$weftPruned": true} */
            payloadsPruned?: boolean;
            /** @description For a replay: the run whose trigger event it replays */
            replayOf: string | null;
            response: {
                body?: unknown;
                headers?: {
                    [key: string]: string;
                };
                status: number;
            } | null;
            /** @enum {string} */
            status: "running" | "waiting_approval" | "compensating" | "compensated" | "succeeded" | "failed" | "cancelled" | "timed_out" | "discarded";
            /** @description The OpenTelemetry trace of the run (32 hex digits); null when tracing was off as it started */
            traceId: string | null;
            version: number | null;
        };
        SavedDraft: {
            definition: components["schemas"]["FlowDefinition"];
            /** @description Goes up by one with every save; send it back (body `revision` or If-Match) to save */
            revision: number;
        };
        Session: {
            /** @description For a cookie session: the value state-changing requests send in X-CSRF-Token */
            csrfToken: string | null;
            principal: components["schemas"]["Principal"] | null;
            /** @description No user exists yet: the owner set-up is open */
            setupNeeded: boolean;
        };
        SignedIn: components["schemas"]["Session"] & {
            csrfToken?: string;
            principal?: components["schemas"]["Principal"];
            /** @description false */
            setupNeeded?: boolean;
        };
        Step: {
            /** @description Errors of earlier attempts, oldest first */
            attemptErrors: {
                code: string;
                details?: unknown;
                message: string;
                retryable: boolean;
                /** @description Milliseconds the downstream asked us to wait (Retry-After), if any */
                retryAfterMs?: number;
            }[];
            attempts: number;
            error: {
                code: string;
                details?: unknown;
                message: string;
                retryable: boolean;
                /** @description Milliseconds the downstream asked us to wait (Retry-After), if any */
                retryAfterMs?: number;
            } | null;
            finishedAt: number | null;
            /** @description The step's own key, `<runId>:<nodeId>` (for a replay, the replayed run's id), the same on every attempt; a connector configured with an idempotencyKey sends that value instead */
            idempotencyKey: string;
            input?: unknown;
            nextAttemptAt: number | null;
            nodeId: string;
            output?: unknown;
            port: string | null;
            /** @description The Idempotency-Key the last attempt sent downstream (a connector sends its configured key, else the step's own); null when it sent none */
            sentKey: string | null;
            startedAt: number | null;
            /** @enum {string} */
            status: "succeeded" | "failed" | "retrying" | "waiting" | "skipped";
        };
        TestCase: {
            description?: string;
            env?: {
                [key: string]: string;
            };
            /** @default {} */
            expect: {
                assertions?: string[];
                response?: {
                    body?: unknown;
                    status?: number;
                };
                /** @enum {string} */
                status?: "succeeded" | "failed" | "compensated" | "waiting_approval";
                steps?: {
                    [key: string]: {
                        error?: {
                            code: string;
                        };
                        output?: unknown;
                        port?: string;
                        /** @enum {string} */
                        status?: "succeeded" | "failed" | "skipped";
                    };
                };
            };
            headers?: {
                [key: string]: string;
            };
            input?: unknown;
            name: string;
            query?: {
                [key: string]: string;
            };
            recordings?: {
                [key: string]: {
                    output?: unknown;
                    port?: string;
                } | {
                    error: {
                        code: string;
                        message: string;
                        retryable?: boolean;
                    };
                } | ({
                    output?: unknown;
                    port?: string;
                } | {
                    error: {
                        code: string;
                        message: string;
                        retryable?: boolean;
                    };
                })[];
            };
            trigger?: string;
        };
        TestCaseResult: {
            differences: components["schemas"]["TestDifference"][];
            durationMs: number;
            /** @description Why it failed besides its differences: a missing recording, a run that could not start */
            error?: string;
            name: string;
            passed: boolean;
            /** @description The test run of the case */
            runId?: string;
        };
        TestDifference: {
            actual?: unknown;
            expected?: unknown;
            message?: string;
            /** @example steps.rate.output.amount */
            path: string;
        };
        TestReport: {
            cases: components["schemas"]["TestCaseResult"][];
            failed: number;
            flowId: string;
            passed: number;
        };
        TestsFailed: {
            error: {
                /** @enum {string} */
                code: "tests_failed";
                details: {
                    report: components["schemas"]["TestReport"];
                };
                message: string;
            };
        };
        User: {
            createdAt: number;
            disabledAt: number | null;
            email: string;
            id: string;
            name: string;
            /** @enum {string} */
            role: "analyst" | "operator" | "admin";
        };
        Validation: {
            problems: components["schemas"]["FlowProblem"][];
            /** @description No problem of severity "error" */
            valid: boolean;
        };
        Variable: {
            description: string;
            /** @example ERP_COMPANY */
            name: string;
            /** @description Milliseconds since the epoch */
            updatedAt: number;
            updatedBy: string | null;
            value: string;
        };
        VariableDeleted: {
            deleted: string;
        };
        VariableInput: {
            description?: string;
            value: string;
        };
        VariableList: {
            variables: components["schemas"]["Variable"][];
        };
        Version: components["schemas"]["VersionInfo"] & {
            definition: components["schemas"]["FlowDefinition"];
        };
        VersionInfo: {
            active: boolean;
            /** @description Four-eyes approval (shown by the versions list and view) */
            approval?: {
                at: number | null;
                /** @description Who approved or refused it (user email or token name) */
                by: string | null;
                publishedBy: string | null;
                /** @description Why it was refused */
                reason: string | null;
                /**
                 * @description not_required: the policy does not cover the flow; pending: nobody approved it yet
                 * @enum {string}
                 */
                state: "not_required" | "pending" | "approved" | "refused";
            };
            createdAt: number;
            /** @description Who published it (user email or token name); null before users existed */
            createdBy: string | null;
            flowId: string;
            hash: string;
            note: string | null;
            /** @description How its test cases came out when it was published; absent for versions from before test cases */
            tests?: {
                failed: number;
                /** @description The names of the failing test cases */
                failing: string[];
                passed: number;
                /** @enum {string} */
                result: "passed" | "failed" | "none";
            };
            version: number;
        };
        Workers: {
            /** @description How long a lease lasts without renewal */
            leaseMs: number;
            workers: {
                /** @description The lease runs out then unless renewed (ms since epoch) */
                expiresAt: number;
                host: string;
                /** @example weft-1:4242:9f3a1c */
                id: string;
                pid: number;
                /** @description Runs it is executing (running or compensating) */
                runs: number;
                /** @description The worker that answered this request */
                self: boolean;
                startedAt: number;
            }[];
        };
    };
    responses: {
        /** @description The request is malformed (`details.issues` lists what and where), or its body is JSON a parser would not keep exactly (numbers beyond a double, nesting past the limit) */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Conflict with the current state */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Forbidden: the caller's role is below the one the operation needs (x-weft-access), or a cookie session did not send its X-CSRF-Token */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Not found */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is larger than the limit (WEFT_BODY_LIMIT_MB); the connection is closed */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Too many attempts; Retry-After says when to try again */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Not signed in: no valid API token or session cookie */
        Unauthenticated: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is not JSON (Content-Type must be application/json) */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listAlertChannels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Channels */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        channels: components["schemas"]["AlertChannel"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
    createAlertChannel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    kind: "webhook";
                    name: string;
                    settings: {
                        /**
                         * @description May reach private and loopback addresses
                         * @default false
                         */
                        allowPrivate?: boolean;
                        /** @description Signs each body: X-Weft-Signature: sha256=<hex HMAC-SHA256 of the body> */
                        secret?: string;
                        url: string;
                    };
                } | {
                    /** @enum {string} */
                    kind: "slack";
                    name: string;
                    settings: {
                        /** @default false */
                        allowPrivate?: boolean;
                        /** @description The incoming webhook URL (kept secret) */
                        url?: string;
                    };
                } | {
                    /** @enum {string} */
                    kind: "email";
                    name: string;
                    settings: {
                        auth?: {
                            pass?: string;
                            user: string;
                        };
                        /** Format: email */
                        from: string;
                        /** @description SMTP server */
                        host: string;
                        port: number;
                        /** @description true: TLS from the start (port 465); false: STARTTLS when offered */
                        secure: boolean;
                        to: string[];
                    };
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertChannel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    updateAlertChannel: {
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
                "application/json": {
                    /** @enum {string} */
                    kind: "webhook";
                    name: string;
                    settings: {
                        /**
                         * @description May reach private and loopback addresses
                         * @default false
                         */
                        allowPrivate?: boolean;
                        /** @description Signs each body: X-Weft-Signature: sha256=<hex HMAC-SHA256 of the body> */
                        secret?: string;
                        url: string;
                    };
                } | {
                    /** @enum {string} */
                    kind: "slack";
                    name: string;
                    settings: {
                        /** @default false */
                        allowPrivate?: boolean;
                        /** @description The incoming webhook URL (kept secret) */
                        url?: string;
                    };
                } | {
                    /** @enum {string} */
                    kind: "email";
                    name: string;
                    settings: {
                        auth?: {
                            pass?: string;
                            user: string;
                        };
                        /** Format: email */
                        from: string;
                        /** @description SMTP server */
                        host: string;
                        port: number;
                        /** @description true: TLS from the start (port 465); false: STARTTLS when offered */
                        secure: boolean;
                        to: string[];
                    };
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertChannel"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    deleteAlertChannel: {
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
            /** @description Deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deleted: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    listAlertIncidents: {
        parameters: {
            query?: {
                /** @description Page: incidents first seen before this time (ms) */
                before?: number;
                flowId?: string;
                limit?: number;
                ruleId?: string;
                status?: "pending" | "open" | "resolved";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Incidents */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        incidents: components["schemas"]["AlertIncident"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
    listAlertRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rules */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        rules: components["schemas"]["AlertRule"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
    createAlertRule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Only this flow */
                        flowId?: string;
                        /**
                         * @description Every flow of this criticality or a more critical one (a flow without one is "normal")
                         * @enum {string}
                         */
                        minCriticality?: "critical" | "high" | "normal" | "low";
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "run_failed";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                } | {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Only this flow */
                        flowId?: string;
                        /**
                         * @description Every flow of this criticality or a more critical one (a flow without one is "normal")
                         * @enum {string}
                         */
                        minCriticality?: "critical" | "high" | "normal" | "low";
                        /**
                         * @description …and at least this many finished
                         * @default 1
                         */
                        minRuns?: number;
                        /** @description Alert when more than this share of runs failed */
                        thresholdPercent: number;
                        /** @description Over the runs started in this many minutes */
                        windowMinutes: number;
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "failure_rate";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                } | {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Only this flow */
                        flowId?: string;
                        /**
                         * @description Every flow of this criticality or a more critical one (a flow without one is "normal")
                         * @enum {string}
                         */
                        minCriticality?: "critical" | "high" | "normal" | "low";
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "sla_breach";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                } | {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Only this host:port or connection; every one when absent */
                        host?: string;
                        /** @description Alert when a downstream's circuit stays open longer than this */
                        minutes: number;
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "circuit_open";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                } | {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Alert when the queue holds more runs than this */
                        above: number;
                        /** @description Only the runs of this flow */
                        flowId?: string;
                        /**
                         * @description "failed": the failed-runs queue; "unfinished": live runs running or waiting
                         * @enum {string}
                         */
                        queue: "failed" | "unfinished";
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "backlog";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                } | {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Only this flow */
                        flowId?: string;
                        /**
                         * @description Every flow of this criticality or a more critical one (a flow without one is "normal")
                         * @enum {string}
                         */
                        minCriticality?: "critical" | "high" | "normal" | "low";
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "silent";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertRule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    updateAlertRule: {
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
                "application/json": {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Only this flow */
                        flowId?: string;
                        /**
                         * @description Every flow of this criticality or a more critical one (a flow without one is "normal")
                         * @enum {string}
                         */
                        minCriticality?: "critical" | "high" | "normal" | "low";
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "run_failed";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                } | {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Only this flow */
                        flowId?: string;
                        /**
                         * @description Every flow of this criticality or a more critical one (a flow without one is "normal")
                         * @enum {string}
                         */
                        minCriticality?: "critical" | "high" | "normal" | "low";
                        /**
                         * @description …and at least this many finished
                         * @default 1
                         */
                        minRuns?: number;
                        /** @description Alert when more than this share of runs failed */
                        thresholdPercent: number;
                        /** @description Over the runs started in this many minutes */
                        windowMinutes: number;
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "failure_rate";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                } | {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Only this flow */
                        flowId?: string;
                        /**
                         * @description Every flow of this criticality or a more critical one (a flow without one is "normal")
                         * @enum {string}
                         */
                        minCriticality?: "critical" | "high" | "normal" | "low";
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "sla_breach";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                } | {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Only this host:port or connection; every one when absent */
                        host?: string;
                        /** @description Alert when a downstream's circuit stays open longer than this */
                        minutes: number;
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "circuit_open";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                } | {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Alert when the queue holds more runs than this */
                        above: number;
                        /** @description Only the runs of this flow */
                        flowId?: string;
                        /**
                         * @description "failed": the failed-runs queue; "unfinished": live runs running or waiting
                         * @enum {string}
                         */
                        queue: "failed" | "unfinished";
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "backlog";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                } | {
                    /** @description The channels notified */
                    channelIds: string[];
                    condition: {
                        /** @description Only this flow */
                        flowId?: string;
                        /**
                         * @description Every flow of this criticality or a more critical one (a flow without one is "normal")
                         * @enum {string}
                         */
                        minCriticality?: "critical" | "high" | "normal" | "low";
                    };
                    /** @default true */
                    enabled?: boolean;
                    /** @enum {string} */
                    kind: "silent";
                    name: string;
                    /**
                     * @description While an incident stays open, notify again this often; null: once
                     * @default null
                     */
                    repeatMinutes?: number | null;
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertRule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    deleteAlertRule: {
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
            /** @description Deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deleted: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    listAuditEntries: {
        parameters: {
            query?: {
                /** @description Action, or its beginning (e.g. "flow." for every flow change) */
                action?: string;
                /** @description User email, token name, or their id */
                actor?: string;
                /** @description Page: entries older than this seq */
                before?: number;
                format?: "json" | "csv";
                /** @description Milliseconds since the epoch, or ISO 8601 with a time zone */
                from?: number | string;
                limit?: number;
                target?: string;
                /** @description Milliseconds since the epoch, or ISO 8601 with a time zone */
                to?: number | string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Entries (format=json), or a CSV download (format=csv) with one row per entry */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: components["schemas"]["AuditEntry"][];
                    };
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
    verifyAuditLog: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The chain holds, or where it breaks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerification"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Signed in */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description Wrong email or password */
            401: components["responses"]["Unauthenticated"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many failed sign-ins for this account or from this address; Retry-After says when to try again */
            429: components["responses"]["TooManyRequests"];
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ok"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    current: string;
                    next: string;
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ok"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description Too many failed attempts with the current password; Retry-After says when to try again */
            429: components["responses"]["TooManyRequests"];
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller, when someone is signed in or sends a token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
        };
    };
    setUpOwner: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    name?: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Signed in as the owner */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            400: components["responses"]["BadRequest"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    getAuthStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthStatus"];
                };
            };
        };
    };
    listCanonicalSchemas: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Canonical schemas */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CanonicalSchemas"];
                };
            };
            401: components["responses"]["Unauthenticated"];
        };
    };
    getCircuits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Circuits and rate limits */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Circuits"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
    listConnections: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Connections */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        connections: components["schemas"]["Connection"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
        };
    };
    createConnection: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    allowPrivate?: boolean;
                    auth: {
                        clientId?: string;
                        clientSecret?: string | null;
                        header?: string;
                        key?: string | null;
                        password?: string | null;
                        privateKey?: string | null;
                        scope?: string;
                        token?: string | null;
                        tokenUrl?: string;
                        /** @enum {string} */
                        type: "none" | "bearer" | "basic" | "api_key" | "oauth2_client_credentials" | "ssh_key";
                        username?: string;
                    };
                    baseUrl: string;
                    id?: string;
                    name: string;
                    rateLimit?: string | null;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    getConnection: {
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
            /** @description Connection */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    updateConnection: {
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
                "application/json": {
                    allowPrivate?: boolean;
                    auth: {
                        clientId?: string;
                        clientSecret?: string | null;
                        header?: string;
                        key?: string | null;
                        password?: string | null;
                        privateKey?: string | null;
                        scope?: string;
                        token?: string | null;
                        tokenUrl?: string;
                        /** @enum {string} */
                        type: "none" | "bearer" | "basic" | "api_key" | "oauth2_client_credentials" | "ssh_key";
                        username?: string;
                    };
                    baseUrl: string;
                    id?: string;
                    name: string;
                    rateLimit?: string | null;
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    deleteConnection: {
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
            /** @description Deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deleted: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    getConnectionOpenApi: {
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
            /** @description The document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    putConnectionOpenApi: {
        parameters: {
            query?: {
                /** @description Only list the steps the new document would change or break */
                dryRun?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
                "application/yaml": string;
            };
        };
        responses: {
            /** @description Stored, or the impact of a dry run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionSpecChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    deleteConnectionOpenApi: {
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
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    fetchConnectionOpenApi: {
        parameters: {
            query?: {
                /** @description Only list the steps the new document would change or break */
                dryRun?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url: string;
                };
            };
        };
        responses: {
            /** @description Stored, or the impact of a dry run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionSpecChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    putConnectionPaging: {
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
                "application/json": {
                    paging: {
                        /** @description The query parameter the cursor is sent in, e.g. "cursor" */
                        cursorParam: string;
                        /** @description Where the next page's cursor is in the body, e.g. "meta.nextCursor"; none ends */
                        cursorPath: string;
                        /** @description Where the items are in each page's body, as a dotted path (e.g. "data.items"); the body itself when it is a list */
                        itemsPath?: string;
                        /**
                         * @description Items gathered at most; past it the step fails
                         * @default 10000
                         */
                        maxItems?: number;
                        /**
                         * @description Pages read at most; past it the step fails
                         * @default 100
                         */
                        maxPages?: number;
                        /** @enum {string} */
                        style: "cursor";
                    } | {
                        /** @description Where the items are in each page's body, as a dotted path (e.g. "data.items"); the body itself when it is a list */
                        itemsPath?: string;
                        /**
                         * @description Items per page; a shorter page is the last
                         * @default 100
                         */
                        limit?: number;
                        /**
                         * @description The query parameter of the page size
                         * @default limit
                         */
                        limitParam?: string;
                        /**
                         * @description Items gathered at most; past it the step fails
                         * @default 10000
                         */
                        maxItems?: number;
                        /**
                         * @description Pages read at most; past it the step fails
                         * @default 100
                         */
                        maxPages?: number;
                        /**
                         * @description The query parameter of the first item's position
                         * @default offset
                         */
                        offsetParam?: string;
                        /** @enum {string} */
                        style: "offset";
                    } | {
                        /** @description Where the items are in each page's body, as a dotted path (e.g. "data.items"); the body itself when it is a list */
                        itemsPath?: string;
                        /**
                         * @description Items gathered at most; past it the step fails
                         * @default 10000
                         */
                        maxItems?: number;
                        /**
                         * @description Pages read at most; past it the step fails
                         * @default 100
                         */
                        maxPages?: number;
                        /** @enum {string} */
                        style: "link";
                    } | null;
                };
            };
        };
        responses: {
            /** @description Set */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    listConnectionOperations: {
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
            /** @description Operations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionOperations"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    testConnection: {
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
            /** @description Reachable with the credentials, or what went wrong */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectionTestResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    getDashboard: {
        parameters: {
            query?: {
                /** @description Start of a custom range (ms since epoch or ISO 8601) */
                from?: number | string;
                /** @description The time range ending now ("1h", "24h", "7d"), or "custom" with from and to */
                range?: "1h" | "24h" | "7d" | "custom";
                /** @description End of a custom range (ms since epoch or ISO 8601) */
                to?: number | string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The overview */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DashboardOverview"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
        };
    };
    getFlowDashboard: {
        parameters: {
            query?: {
                /** @description Start of a custom range (ms since epoch or ISO 8601) */
                from?: number | string;
                /** @description The time range ending now ("1h", "24h", "7d"), or "custom" with from and to */
                range?: "1h" | "24h" | "7d" | "custom";
                /** @description End of a custom range (ms since epoch or ISO 8601) */
                to?: number | string;
            };
            header?: never;
            path: {
                flowId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The flow */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowDashboard"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description An analyst asked for a flow they did not create */
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    evaluateExpression: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    bindings?: {
                        steps?: {
                            [key: string]: unknown;
                        };
                        trigger?: unknown;
                    };
                    expression: string;
                    input?: unknown;
                };
            };
        };
        responses: {
            /** @description Result or error */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvaluateResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    listFlows: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Flows */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        flows: components["schemas"]["FlowSummary"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
        };
    };
    createFlow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FlowDefinition"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedDraft"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    getFlow: {
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
            /** @description Draft */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Draft"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    saveFlow: {
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
                "application/json": {
                    definition: components["schemas"]["FlowDefinition"];
                    revision?: number;
                };
            };
        };
        responses: {
            /** @description Saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SavedDraft"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    deleteFlow: {
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
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    activateFlow: {
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
                "application/json": {
                    version: number;
                };
            };
        };
        responses: {
            /** @description Activated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Activation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    deactivateFlow: {
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
            /** @description Deactivated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Activation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    publishFlow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Unchanged: the latest version already holds this content */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionInfo"];
                };
            };
            /** @description Published */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VersionInfo"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description The draft has problems, or a test case failed */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowHasProblems"] | components["schemas"]["TestsFailed"];
                };
            };
        };
    };
    testFlow: {
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
                "application/json": {
                    headers?: {
                        [key: string]: string;
                    };
                    input?: unknown;
                    query?: {
                        [key: string]: string;
                    };
                    triggerNodeId?: string;
                };
            };
        };
        responses: {
            /** @description The finished test run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    recordFlowTest: {
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
                "application/json": {
                    /** @description The name of the new test case */
                    name: string;
                    /** @description A finished test run of this flow */
                    runId: string;
                };
            };
        };
        responses: {
            /** @description The test case, to keep in the draft's "tests" */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        testCase: components["schemas"]["TestCase"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description The run cannot be kept as a test case */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowHasProblems"];
                };
            };
        };
    };
    runFlowTests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description A draft to test instead of the saved one; nothing is saved */
                    definition?: unknown;
                    /** @description Only these test cases */
                    names?: string[];
                };
            };
        };
        responses: {
            /** @description How each test case came out */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestReport"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description The definition is not valid, or cannot run */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FlowHasProblems"];
                };
            };
        };
    };
    getTriggerCursor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Flow id */
                id: string;
                /** @description Id of a trigger.poll node */
                node: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cursor */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PollCursorView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    resetTriggerCursor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Flow id */
                id: string;
                /** @description Id of a trigger.poll node */
                node: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    cursor: components["schemas"]["PollCursor"] & (Record<string, never> | null);
                };
            };
        };
        responses: {
            /** @description The cursor as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PollCursorView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    validateFlow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description A definition to check instead of the saved draft; nothing is saved */
                    definition?: unknown;
                };
            };
        };
        responses: {
            /** @description Problems */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Validation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    listFlowVersions: {
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
            /** @description Versions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        versions: components["schemas"]["VersionInfo"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    getFlowVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Version"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    approveFlowVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The approval as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalState"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    refuseFlowVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                version: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Why the version may not be activated; shown with the version */
                    reason: string;
                };
            };
        };
        responses: {
            /** @description The refusal as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalState"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    listLookupTables: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Lookup tables */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LookupTableList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
        };
    };
    createLookupTable: {
        parameters: {
            query?: {
                name?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LookupTableInput"];
                "text/csv": string;
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LookupTableSummary"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    getLookupTable: {
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
            /** @description The table */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LookupTable"];
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            404: components["responses"]["NotFound"];
        };
    };
    replaceLookupTable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LookupReplaceInput"];
                "text/csv": string;
            };
        };
        responses: {
            /** @description Replaced */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LookupTableSummary"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    deleteLookupTable: {
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
            /** @description Deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LookupTableDeleted"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Metrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Metrics"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
    listNodeTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Node kinds */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        nodeTypes: components["schemas"]["NodeType"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
        };
    };
    listAllOperations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Operations by connection */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        connections: (components["schemas"]["ConnectionOperations"] & {
                            connectionId: string;
                        })[];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Not ready: `reason` says why */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    getRetention: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policies, flows, database size, last prune */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionView"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
    setRetentionPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A flow id, or * for the default of flows without their own policy */
                flowId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Finished runs older than this are deleted; null keeps them forever */
                    days: number | null;
                    /** @description false: succeeded runs keep their outline but not their step inputs and outputs */
                    keepSuccessPayloads: boolean;
                };
            };
        };
        responses: {
            /** @description The policy as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionRule"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    removeRetentionPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A flow id, or * for the default of flows without their own policy */
                flowId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed (or there was none); `policy` is the one that applies now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyRemoved"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    pruneNow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the prune did */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PruneResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    listRuns: {
        parameters: {
            query?: {
                /** @description Page: the runs listed after this run id (older) */
                before?: string;
                /** @description Only runs whose error has this code */
                errorCode?: string;
                flowId?: string;
                /** @description Created at or after (ms since epoch or ISO 8601) */
                from?: number | string;
                limit?: number;
                mode?: "live" | "test";
                /** @description Only runs that failed at this step (as the failed-runs queue groups them) */
                nodeId?: string;
                /** @description Finds the runs of every flow whose business key is exactly this text, and the runs holding it, case-insensitively and literally (no wildcards), in the trigger event (body, headers, query), the correlation id or the dedupe key. The text is looked for in the newest 10,000 runs matching the other filters (`searchedFrom` in the answer says since when); set `to` to search earlier runs. */
                q?: string;
                status?: "running" | "waiting_approval" | "compensating" | "compensated" | "succeeded" | "failed" | "cancelled" | "timed_out" | "discarded";
                /** @description Created before (ms since epoch or ISO 8601) */
                to?: number | string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Runs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
        };
    };
    getRun: {
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
            /** @description Run */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            /** @description An analyst asked for a live run of a flow they did not create */
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    approveRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Going on */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunStatusChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    cancelRun: {
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
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Cancelled */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunStatusChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    discardRun: {
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
                "application/json": {
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Discarded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunStatusChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    rejectRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Going on */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunStatusChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    replayRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The new run */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Replay"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    retryRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    input?: unknown;
                    note?: string;
                    patch?: unknown;
                };
            };
        };
        responses: {
            /** @description Retrying */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RunStatusChange"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    retryFailedLoopItems: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                node: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Retrying */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemsRetry"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    bulkRunAction: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    action: "retry" | "replay" | "discard";
                    filter?: {
                        errorCode?: string;
                        flowId?: string;
                        from?: number | string;
                        nodeId?: string;
                        to?: number | string;
                    };
                    ids?: string[];
                    note?: string;
                    patch?: unknown;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description What was done and what was refused */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    summarizeFailedRuns: {
        parameters: {
            query?: {
                errorCode?: string;
                flowId?: string;
                /** @description Milliseconds since the epoch, or ISO 8601 with a time zone */
                from?: number | string;
                nodeId?: string;
                /** @description Milliseconds since the epoch, or ISO 8601 with a time zone */
                to?: number | string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Groups */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        groups: components["schemas"]["FailedGroup"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
    getFourEyesPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policy (off unless an admin set it) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FourEyesPolicy"];
                };
            };
            401: components["responses"]["Unauthenticated"];
        };
    };
    setFourEyesPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FourEyesPolicy"];
            };
        };
        responses: {
            /** @description The policy as stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FourEyesPolicy"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    listTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: components["schemas"]["ApiToken"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    expiresInDays?: number;
                    name: string;
                    /** @enum {string} */
                    role: "analyst" | "operator" | "admin";
                };
            };
        };
        responses: {
            /** @description Created; the token value is in this answer only */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NewApiToken"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    revokeToken: {
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
            /** @description Revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiToken"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Users */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        users: components["schemas"]["User"][];
                    };
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    email: string;
                    name?: string;
                    password: string;
                    /** @enum {string} */
                    role: "analyst" | "operator" | "admin";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    updateUser: {
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
                "application/json": {
                    disabled?: boolean;
                    email?: string;
                    name?: string;
                    password?: string;
                    /** @enum {string} */
                    role?: "analyst" | "operator" | "admin";
                };
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    listVariables: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Variables */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VariableList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
        };
    };
    putVariable: {
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
                "application/json": components["schemas"]["VariableInput"];
            };
        };
        responses: {
            /** @description Changed (or already so) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Variable"];
                };
            };
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Variable"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description The value cannot be stored: longer than 4 KB, or it holds a NUL character */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteVariable: {
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
            /** @description Deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VariableDeleted"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
        };
    };
    listWorkers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workers"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
        };
    };
}
