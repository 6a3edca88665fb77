#include "forkcrypto.h"

/* The table of the fork linked into this binary, set once before first use. */
const fc_ops *fc_table;
