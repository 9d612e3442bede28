/* log.h - the loader's console lines, each prefixed "kexec-loader:". */
#ifndef KL_LOG_H
#define KL_LOG_H

void log_open_console(void);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "kexec-loader: error: <what> (<where>): <why>" */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Milliseconds since boot (CLOCK_BOOTTIME), for the timing of each step. */
unsigned long log_uptime_ms(void);

#endif
