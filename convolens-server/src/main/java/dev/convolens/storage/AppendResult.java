package dev.convolens.storage;

import java.util.BitSet;

/** What one append did: which positions of the batch were already stored (or repeated within the batch). */
public record AppendResult(int size, BitSet duplicates) {

    public int duplicateCount() {
        return duplicates.cardinality();
    }

    public int storedCount() {
        return size - duplicateCount();
    }

    public boolean isDuplicate(int index) {
        return duplicates.get(index);
    }
}
