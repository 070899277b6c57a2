package dev.convolens.event;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The channels a conversation can run on (SPEC §1). */
public enum Channel {
    WHATSAPP, SMS, EMAIL, WEBCHAT, MESSENGER, TELEGRAM, VOICE, OTHER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Channel> fromWireName(String name) {
        return Arrays.stream(values()).filter(c -> c.wireName().equalsIgnoreCase(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Channel::wireName).toList();
    }
}
