// SPDX-License-Identifier: GPL-2.0-only
/*
 *  linux/init/main.c
 *
 *  The architecture independent part of bringing the kernel up: the boot
 *  CPU enters start_kernel() with interrupts off, sets up the core
 *  subsystems in dependency order, and hands over to the initcalls.
 */

#define DEBUG		/* Enable initcall_debug */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/printk.h>
#include <linux/irq.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include <asm/setup.h>

static int kernel_init(void *);

/*
 * Debug helper: via this flag we know that we are in 'early bootup code'
 * where only the boot processor is running with IRQ disabled.  This means
 * two things - IRQ must not be enabled before the flag is cleared and some
 * operations which are not allowed with IRQ disabled are allowed while the
 * flag is set.
 */
bool early_boot_irqs_disabled __read_mostly;

enum system_states system_state __read_mostly;

/* Untouched command line saved by arch-specific code. */
char __initdata boot_command_line[COMMAND_LINE_SIZE];
/* Untouched saved command line (eg. for /proc) */
char *saved_command_line;
/* Command line for parameter parsing */
static char *static_command_line;

static char *execute_command;
static char *ramdisk_execute_command = "/init";

/*
 * Used to generate warnings if static_key manipulation functions are used
 * before jump_label_init is called.
 */
bool static_key_initialized __read_mostly;

#define MAX_INIT_ARGS 32
#define MAX_INIT_ENVS 32

static const char *argv_init[MAX_INIT_ARGS+2] = { "init", NULL, };
const char *envp_init[MAX_INIT_ENVS+2] = { "HOME=/", "TERM=linux", NULL, };

static int __init init_setup(char *str)
{
	unsigned int i;

	execute_command = str;
	/*
	 * In case LILO is going to boot us with default command line,
	 * it prepends "auto" before the whole cmdline which makes
	 * the shell think it should execute a script with such name.
	 * So we ignore all arguments entered _before_ init=... [MJ]
	 */
	for (i = 1; i < MAX_INIT_ARGS; i++)
		argv_init[i] = NULL;
	return 1;
}
__setup("init=", init_setup);

static int __init rdinit_setup(char *str)
{
	unsigned int i;

	ramdisk_execute_command = str;
	/* See "auto" comment in init_setup */
	for (i = 1; i < MAX_INIT_ARGS; i++)
		argv_init[i] = NULL;
	return 1;
}
__setup("rdinit=", rdinit_setup);

static bool __init obsolete_checksetup(char *line)
{
	if (strstarts(line, "root=") || strstarts(line, "ro") || strstarts(line, "rw"))
		return true;
	return false;
}

void __init parse_early_options(char *cmdline)
{
	char *param = cmdline;

	while (param && *param) {
		char *next = strchr(param, ' ');

		if (next)
			*next++ = '\0';
		if (!obsolete_checksetup(param))
			pr_debug("early option '%s'\n", param);
		param = skip_spaces(next ? next : "");
	}
}

/* Arch code calls this early on, or if not, just before other parsing. */
void __init parse_early_param(void)
{
	static int done __initdata;
	static char tmp_cmdline[COMMAND_LINE_SIZE] __initdata;

	if (done)
		return;

	/* All fall through to do_early_param. */
	strscpy(tmp_cmdline, boot_command_line, COMMAND_LINE_SIZE);
	parse_early_options(tmp_cmdline);
	done = 1;
}

static void __init setup_command_line(char *command_line)
{
	size_t len = strlen(boot_command_line) + 1;

	saved_command_line = kmalloc(len, GFP_KERNEL);
	if (!saved_command_line)
		panic("%s: Failed to allocate %zu bytes\n", __func__, len);

	static_command_line = kmalloc(len, GFP_KERNEL);
	if (!static_command_line)
		panic("%s: Failed to allocate %zu bytes\n", __func__, len);

	strcpy(saved_command_line, boot_command_line);
	strcpy(static_command_line, command_line);
}

static void __init mm_init(void)
{
	page_alloc_init();
	kmem_cache_init();
	pr_info("Memory: %luK available\n", totalram_pages() << (PAGE_SHIFT - 10));
}

asmlinkage __visible void __init start_kernel(void)
{
	char *command_line;

	system_state = SYSTEM_BOOTING;
	local_irq_disable();
	early_boot_irqs_disabled = true;

	pr_notice("Linux version 6.x starting\n");
	setup_arch(&command_line);
	setup_command_line(command_line);
	parse_early_param();

	mm_init();
	early_irq_init();

	early_boot_irqs_disabled = false;
	local_irq_enable();

	kernel_init(NULL);
}

static int __ref kernel_init(void *unused)
{
	system_state = SYSTEM_RUNNING;

	if (ramdisk_execute_command) {
		pr_info("Run %s as init process\n", ramdisk_execute_command);
		return 0;
	}

	if (execute_command) {
		pr_info("Run %s as init process\n", execute_command);
		return 0;
	}

	panic("No working init found.  Try passing init= option to kernel. "
	      "See Linux Documentation/admin-guide/init.rst for guidance.");
}
