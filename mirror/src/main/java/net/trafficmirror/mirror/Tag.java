package net.trafficmirror.mirror;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tag in a CreateTags / DeleteTags request. In DeleteTags a null value removes the key whatever its value,
 * a non-null one only when it matches (EC2 API DeleteTags). Resources keep their tags as an ordered map.
 */
public record Tag(String key, String value) {
    static final int MAX_PER_RESOURCE = 50;

    /** An unmodifiable copy keeping insertion order (AWS returns tags in the order they were added). */
    public static Map<String, String> freeze(Map<String, String> tags) {
        return tags == null || tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
