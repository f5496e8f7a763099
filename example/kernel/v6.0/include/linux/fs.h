/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>

#define MAX_RW_COUNT (INT_MAX & PAGE_MASK)

#define SEEK_SET	0	/* seek relative to beginning of file */
#define SEEK_CUR	1	/* seek relative to current file position */
#define SEEK_END	2	/* seek relative to end of file */

/* file is open for reading */
#define FMODE_READ		((fmode_t)0x1)
/* file is open for writing */
#define FMODE_WRITE		((fmode_t)0x2)
/* file is seekable */
#define FMODE_LSEEK		((fmode_t)0x4)
/* Has read method(s) */
#define FMODE_CAN_READ		((fmode_t)0x20000)
/* Has write method(s) */
#define FMODE_CAN_WRITE		((fmode_t)0x40000)

struct file;

struct inode {
	unsigned int		i_mode;
	loff_t			i_size;
	unsigned long		i_ino;
	spinlock_t		i_lock;
	struct mutex		i_rwsem;
};

struct file_operations {
	struct module *owner;
	loff_t (*llseek) (struct file *, loff_t, int);
	ssize_t (*read) (struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write) (struct file *, const char __user *, size_t, loff_t *);
	int (*open) (struct inode *, struct file *);
	int (*release) (struct inode *, struct file *);
};

struct file {
	struct inode		*f_inode;
	const struct file_operations	*f_op;
	spinlock_t		f_lock;
	fmode_t			f_mode;
	struct mutex		f_pos_lock;
	loff_t			f_pos;
	unsigned int		f_flags;
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

static inline loff_t i_size_read(const struct inode *inode)
{
	return inode->i_size;
}

ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos);
ssize_t vfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos);
ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos);
ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos);
int rw_verify_area(int read_write, struct file *file, const loff_t *ppos, size_t count);
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);
loff_t no_llseek(struct file *file, loff_t offset, int whence);
loff_t vfs_setpos(struct file *file, loff_t offset, loff_t maxsize);

void fsnotify_access(struct file *file);
void fsnotify_modify(struct file *file);

#endif /* _LINUX_FS_H */
