"""Names of the facts a remote archive's metadata leaves in the local catalog (``ArchiveEntry.keys``)."""

RELEASE_DATE_KEY = "release_date"  # ISO-8601 UTC end of the proprietary period
SOURCE_KEY = "source"  # the archive backend the file came from, e.g. "eso"
DP_ID_KEY = "dp_id"  # the data-product id at that archive
OB_ID_KEY = "ob_id"
DP_CAT_KEY = "dp_cat"
