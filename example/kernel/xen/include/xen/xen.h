/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XEN_XEN_H
#define _XEN_XEN_H

#include <linux/types.h>
#include <xen/interface.h>

enum xen_domain_type {
	XEN_NATIVE,		/* running on bare hardware    */
	XEN_PV_DOMAIN,		/* running in a PV domain      */
	XEN_HVM_DOMAIN,		/* running in a Xen hvm domain */
};

extern enum xen_domain_type xen_domain_type;
extern struct shared_info *HYPERVISOR_shared_info;
extern struct start_info *xen_start_info;

#define xen_domain()		(xen_domain_type != XEN_NATIVE)
#define xen_pv_domain()		(xen_domain() &&			\
				 xen_domain_type == XEN_PV_DOMAIN)
#define xen_initial_domain()	(xen_domain() && xen_start_info &&	\
				 (xen_start_info->flags & SIF_INITDOMAIN))

#endif	/* _XEN_XEN_H */
