// SPDX-License-Identifier: GPL-2.0-only
/*
 *  linux/kernel/panic.c
 *
 * This function is used through-out the kernel (including mm and fs)
 * to indicate a major problem.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/atomic.h>
#include <linux/string.h>
#include <linux/interrupt.h>

#define PANIC_TIMER_STEP 100
#define PANIC_BLINK_SPD 18

int panic_on_oops;
static unsigned long tainted_mask;
static int pause_on_oops;
static int pause_on_oops_flag;
int panic_on_warn __read_mostly;
unsigned long panic_on_taint;
bool panic_on_taint_nousertaint;

int panic_timeout;
EXPORT_SYMBOL_GPL(panic_timeout);

struct taint_flag {
	char c_true;	/* character printed when tainted */
	char c_false;	/* character printed when not tainted */
	bool module;	/* also show as a per-module taint flag */
};

static const struct taint_flag taint_flags[TAINT_FLAGS_COUNT] = {
	[ TAINT_PROPRIETARY_MODULE ]	= { 'P', 'G', true },
	[ TAINT_FORCED_MODULE ]		= { 'F', ' ', true },
	[ TAINT_WARN ]			= { 'W', ' ', false },
	[ TAINT_CRAP ]			= { 'C', ' ', true },
	[ TAINT_OOT_MODULE ]		= { 'O', ' ', true },
	[ TAINT_AUX ]			= { 'X', ' ', true },
};

/**
 *	panic - halt the system
 *	@fmt: The text string to print
 *
 *	Display a message, then perform cleanups.
 *
 *	This function never returns.
 */
void panic(const char *fmt, ...)
{
	static char buf[1024];

	local_irq_disable();
	strscpy(buf, fmt, sizeof(buf));
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	dump_stack();

	if (panic_timeout > 0)
		pr_emerg("Rebooting in %d seconds..\n", panic_timeout);

	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	for (;;)
		cpu_relax();
}
EXPORT_SYMBOL(panic);

int __warn_on(int cond, const char *file, int line)
{
	if (!cond)
		return 0;

	pr_warn("WARNING: at %s:%d\n", file, line);
	dump_stack();
	add_taint(TAINT_WARN);

	if (panic_on_warn)
		panic("panic_on_warn set ...\n");
	return cond;
}
EXPORT_SYMBOL(__warn_on);

/**
 * print_tainted - return a string to represent the kernel taint state.
 *
 * For individual taint flag meanings, see Documentation/admin-guide/sysctl/kernel.rst
 *
 * The string is overwritten by the next call to print_tainted(),
 * but is always NULL terminated.
 */
const char *print_tainted(void)
{
	static char buf[TAINT_FLAGS_COUNT + sizeof("Tainted: ")];
	char *s;
	int i;

	if (!tainted_mask) {
		snprintf(buf, sizeof(buf), "Not tainted");
		return buf;
	}

	s = buf + sprintf(buf, "Tainted: ");
	for (i = 0; i < TAINT_FLAGS_COUNT; i++) {
		const struct taint_flag *t = &taint_flags[i];
		*s++ = test_bit(i, &tainted_mask) ? t->c_true : t->c_false;
	}
	*s = 0;
	return buf;
}

int test_taint(unsigned int flag)
{
	return test_bit(flag, &tainted_mask);
}
EXPORT_SYMBOL(test_taint);

/**
 * add_taint: add a taint flag if not already set.
 * @flag: one of the TAINT_* constants.
 *
 * If something bad has gone wrong, you'll want @lockdebug_ok = false, but for
 * some notewortht-but-not-corrupting cases, it can be set to true.
 */
void add_taint(unsigned int flag)
{
	set_bit(flag, &tainted_mask);

	if (tainted_mask & panic_on_taint) {
		panic_on_taint = 0;
		panic("panic_on_taint set ...");
	}
}
EXPORT_SYMBOL(add_taint);

static int __init oops_setup(char *s)
{
	if (!s)
		return -EINVAL;
	if (!strcmp(s, "panic"))
		panic_on_oops = 1;
	return 0;
}
early_param("oops", oops_setup);

static int __init panic_on_taint_setup(char *s)
{
	unsigned long taint;

	if (!s)
		return -EINVAL;
	if (kstrtoul(s, 16, &taint))
		return -EINVAL;
	panic_on_taint = taint;
	pause_on_oops_flag = pause_on_oops;
	return 0;
}
early_param("panic_on_taint", panic_on_taint_setup);
