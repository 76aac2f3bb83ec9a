// SPDX-License-Identifier: MIT
/*
 * DOC: host CPU features - what the pretend harts have
 *
 * The host harts have whatever extension a test says: it sets these
 * before it builds anything that depends on them.
 */
#include <asm/pgtable-bits.h>

bool has_svpbmt;
bool has_svnapot;
