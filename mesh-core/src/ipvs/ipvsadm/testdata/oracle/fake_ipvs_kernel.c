/* LD_PRELOAD shim: answers ipvsadm's IPVS getsockopt/setsockopt calls from a
 * text state file so the real ipvsadm 1.31 binary can be used as an oracle
 * for argument parsing, error messages and listing formats on a kernel
 * without the ip_vs module.
 *   FAKE_IPVS_STATE  state file (svc/dest/timeout lines)
 *   FAKE_IPVS_ERRNO  errno every IPVS setsockopt fails with (default: succeed)
 *   FAKE_IPVS_CONN   file served in place of /proc/net/ip_vs_conn
 * Every setsockopt is logged to stderr as "SHIM: ...".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/ip_vs.h>

#define MAXS 64
#define MAXD 64
struct svc { struct ip_vs_service_entry e; struct ip_vs_dest_entry d[MAXD]; };
static struct svc svcs[MAXS];
static int nsvc;
static struct ip_vs_timeout_user tmo = { 900, 120, 300 };

static void rd_stats(char **p, struct ip_vs_stats_user *s) {
	unsigned long long v[10] = {0};
	for (int i = 0; i < 10; i++) { char *t = strtok_r(NULL, " \t\n", p); if (!t) break; v[i] = strtoull(t, NULL, 0); }
	s->conns = v[0]; s->inpkts = v[1]; s->outpkts = v[2]; s->inbytes = v[3]; s->outbytes = v[4];
	s->cps = v[5]; s->inpps = v[6]; s->outpps = v[7]; s->inbps = v[8]; s->outbps = v[9];
}
static char *nx(char **p) { char *t = strtok_r(NULL, " \t\n", p); return t ? t : "0"; }
static void load(void) {
	static int done; if (done) return; done = 1;
	const char *f = getenv("FAKE_IPVS_STATE"); if (!f) return;
	FILE *fp = fopen(f, "r"); if (!fp) return;
	char line[1024];
	while (fgets(line, sizeof line, fp)) {
		char *p; char *k = strtok_r(line, " \t\n", &p); if (!k) continue;
		if (!strcmp(k, "svc") && nsvc < MAXS) {
			struct ip_vs_service_entry *e = &svcs[nsvc++].e; memset(e, 0, sizeof *e);
			e->protocol = atoi(nx(&p)); e->addr = inet_addr(nx(&p)); e->port = htons(atoi(nx(&p)));
			e->fwmark = strtoul(nx(&p), NULL, 0); strncpy(e->sched_name, nx(&p), 15);
			e->flags = strtoul(nx(&p), NULL, 0); e->timeout = strtoul(nx(&p), NULL, 0);
			e->netmask = inet_addr(nx(&p)); rd_stats(&p, &e->stats);
		} else if (!strcmp(k, "dest") && nsvc > 0) {
			struct svc *s = &svcs[nsvc-1]; struct ip_vs_dest_entry *d = &s->d[s->e.num_dests++]; memset(d, 0, sizeof *d);
			d->addr = inet_addr(nx(&p)); d->port = htons(atoi(nx(&p))); d->conn_flags = strtoul(nx(&p), NULL, 0);
			d->weight = atoi(nx(&p)); d->u_threshold = strtoul(nx(&p), NULL, 0); d->l_threshold = strtoul(nx(&p), NULL, 0);
			d->activeconns = strtoul(nx(&p), NULL, 0); d->inactconns = strtoul(nx(&p), NULL, 0); d->persistconns = strtoul(nx(&p), NULL, 0);
			rd_stats(&p, &d->stats);
		} else if (!strcmp(k, "timeout")) {
			tmo.tcp_timeout = atoi(nx(&p)); tmo.tcp_fin_timeout = atoi(nx(&p)); tmo.udp_timeout = atoi(nx(&p));
		}
	}
	fclose(fp);
}
static struct svc *find(__u32 fwmark, __u16 proto, __be32 addr, __be16 port) {
	for (int i = 0; i < nsvc; i++) {
		struct ip_vs_service_entry *e = &svcs[i].e;
		if (fwmark ? e->fwmark == fwmark : (!e->fwmark && e->protocol == proto && e->addr == addr && e->port == port)) return &svcs[i];
	}
	return NULL;
}
int getsockopt(int fd, int level, int opt, void *val, socklen_t *len) {
	static int (*real)(int, int, int, void *, socklen_t *);
	if (!real) real = dlsym(RTLD_NEXT, "getsockopt");
	if (level != IPPROTO_IP || opt < IP_VS_BASE_CTL || opt > IP_VS_SO_GET_MAX) return real(fd, level, opt, val, len);
	load();
	switch (opt) {
	case IP_VS_SO_GET_INFO: { struct ip_vs_getinfo *i = val; i->version = IP_VS_VERSION_CODE; i->size = 4096; i->num_services = nsvc; return 0; }
	case IP_VS_SO_GET_SERVICES: { struct ip_vs_get_services *g = val; for (unsigned i = 0; i < g->num_services && i < (unsigned)nsvc; i++) g->entrytable[i] = svcs[i].e; return 0; }
	case IP_VS_SO_GET_SERVICE: { struct ip_vs_service_entry *e = val; struct svc *s = find(e->fwmark, e->protocol, e->addr, e->port); if (!s) { errno = ESRCH; return -1; } *e = s->e; return 0; }
	case IP_VS_SO_GET_DESTS: { struct ip_vs_get_dests *g = val; struct svc *s = find(g->fwmark, g->protocol, g->addr, g->port); if (!s) { errno = ESRCH; return -1; } for (unsigned i = 0; i < g->num_dests && i < s->e.num_dests; i++) g->entrytable[i] = s->d[i]; return 0; }
	case IP_VS_SO_GET_TIMEOUT: memcpy(val, &tmo, sizeof tmo); return 0;
	case IP_VS_SO_GET_DAEMON: memset(val, 0, *len); return 0;
	}
	errno = EINVAL; return -1;
}
int setsockopt(int fd, int level, int opt, const void *val, socklen_t len) {
	static int (*real)(int, int, int, const void *, socklen_t);
	if (!real) real = dlsym(RTLD_NEXT, "setsockopt");
	if (level != IPPROTO_IP || opt < IP_VS_BASE_CTL || opt > IP_VS_SO_SET_MAX) return real(fd, level, opt, val, len);
	fprintf(stderr, "SHIM: set %d len %u", opt - IP_VS_BASE_CTL, len);
	if (len >= sizeof(struct ip_vs_service_user) && opt != IP_VS_SO_SET_TIMEOUT) {
		const struct ip_vs_service_user *u = val; struct in_addr a = { u->addr }, m = { u->netmask };
		fprintf(stderr, " svc proto=%u addr=%s port=%u fwmark=%u sched=%.16s flags=%#x timeout=%u", u->protocol, inet_ntoa(a), ntohs(u->port), u->fwmark, u->sched_name, u->flags, u->timeout);
		fprintf(stderr, " netmask=%s", inet_ntoa(m));
		if (len >= sizeof(struct ip_vs_service_user) + sizeof(struct ip_vs_dest_user)) {
			const struct ip_vs_dest_user *d = (const void *)(u + 1); struct in_addr da = { d->addr };
			fprintf(stderr, " dest addr=%s port=%u conn_flags=%#x weight=%d u=%u l=%u", inet_ntoa(da), ntohs(d->port), d->conn_flags, d->weight, d->u_threshold, d->l_threshold);
		}
	} else if (opt == IP_VS_SO_SET_TIMEOUT) {
		const struct ip_vs_timeout_user *t = val; fprintf(stderr, " timeout %d %d %d", t->tcp_timeout, t->tcp_fin_timeout, t->udp_timeout);
	}
	fprintf(stderr, "\n");
	const char *e = getenv("FAKE_IPVS_ERRNO");
	if (e) { errno = atoi(e); return -1; }
	return 0;
}
FILE *fopen(const char *path, const char *mode) {
	static FILE *(*real)(const char *, const char *);
	if (!real) real = dlsym(RTLD_NEXT, "fopen");
	if (!strcmp(path, "/proc/net/ip_vs_conn") && getenv("FAKE_IPVS_CONN")) path = getenv("FAKE_IPVS_CONN");
	return real(path, mode);
}
