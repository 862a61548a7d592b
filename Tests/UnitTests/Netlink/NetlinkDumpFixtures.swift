/// Real dumps captured from the kernel, as hex (see the two extension files).
enum NetlinkDumpFixtures {}
