/*
 * xml_prescan.h — one linear pass over a profile's bytes before libxml2
 * reads them: the encoding, UTF-8 and XML characters, attributes per start
 * tag and the length of comments, PIs and CDATA sections. Internal.
 */
#ifndef CM_XML_PRESCAN_H
#define CM_XML_PRESCAN_H

#include <stddef.h>

typedef enum cmi_prescan_fault {
	CMI_PRESCAN_OK = 0,
	CMI_PRESCAN_ENCODING, /* detail: what was found ("UTF-16", "encoding=\"ISO-8859-1\"") */
	CMI_PRESCAN_BAD_UTF8, /* code: the first byte that is not UTF-8 */
	CMI_PRESCAN_BAD_CHAR, /* code: a code point XML 1.0 does not allow (U+0001, U+FFFE) */
	CMI_PRESCAN_ATTRS,    /* detail: the element's name, as written (cut) */
	CMI_PRESCAN_SECTION   /* a comment, PI or CDATA section longer than allowed */
} cmi_prescan_fault;

/* What the scan found first; fault CMI_PRESCAN_OK: nothing. */
typedef struct cmi_prescan {
	cmi_prescan_fault fault;
	int line;        /* 1-based line of the fault (of the start tag, of the section) */
	unsigned code;   /* BAD_UTF8: the byte; BAD_CHAR: the code point; else 0 */
	char detail[64]; /* ENCODING, ATTRS: printable ASCII or UTF-8, NUL-terminated; else "" */
} cmi_prescan;

/* Scans buf and stops at the first fault. max_attrs bounds the attributes
 * (namespace declarations included) of one start tag, max_section the bytes
 * of one comment, PI or CDATA section. Never reads past len. */
cmi_prescan_fault cmi_xml_prescan(const char *buf, size_t len, int max_attrs, size_t max_section,
                                  cmi_prescan *out /* OUT */);

/* The same scan; skip 0 takes every byte through the state machine, as
 * the scan did before its runs of plain bytes were skipped: for the test
 * that holds the two to the same result on every input. */
cmi_prescan_fault cmi_xml_prescan_bytes(const char *buf, size_t len, int max_attrs,
                                        size_t max_section, int skip, cmi_prescan *out /* OUT */);

#endif
