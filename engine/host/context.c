/*
 * context.c — the parts of cm_ctx that reach above the base layer: freeing
 * what the layers above loaded into a context (the rule sets, catalogue and
 * sandbox; the compiled schemas; the ICF grammar and classification), and
 * a check's CPU budget, which is a session of the loaded rules' sandbox.
 *
 * Here, in the rule host, rather than in base/ctx.c, so that the base calls
 * nothing above it (doc/layout.md). Not here: the context's settings and
 * the allocation seam (base/ctx.c).
 */
#include "claml.h"
#include "ctx.h"
#include "deps.h"
#include "grammar.h"
#include "rules.h"
#include "sandbox.h"
#include "xml.h"

void cm_ctx_free(cm_ctx *ctx)
{
	if (!ctx)
		return;
	cmi_rules_free(ctx->rules);
	cmi_deps_free(ctx, ctx->deps);
	cmi_xml_free(ctx->xml);
	cmi_icf_grammar_free(ctx->icf);
	cmi_icf_classes_free(ctx->icf_classes);
	cmi_ctx_free_settings(ctx);
}

/* The budget is kept by the sandbox's timer, which is armed once here: a
 * check's thousands of evaluations then read a flag, not the clock. The
 * rules are loaded before a check begins (check.c); without them there is
 * nothing to limit. */
void cmi_check_begin(cm_ctx *ctx)
{
	if (ctx->rules)
		cmi_sandbox_session_begin(cmi_rules_sandbox(ctx), ctx->check_seconds);
}

void cmi_check_end(cm_ctx *ctx)
{
	if (ctx->rules)
		cmi_sandbox_session_end(cmi_rules_sandbox(ctx));
}

int cmi_check_spent(cm_ctx *ctx)
{
	return ctx->rules && cmi_sandbox_session_spent(cmi_rules_sandbox(ctx));
}
