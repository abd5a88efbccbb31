package dev.tenantry.persistence.settings;

import java.util.Locale;

/** Whether the application runs with demo data and relaxed rules, or for real. */
public enum AppMode {
    /** Demo seeds run; features may relax rules meant for production (see each module). */
    DEMO,
    /** Production: no demo data, strict rules. The default. */
    LIVE;

    /**
     * @param text {@code demo} or {@code live}, any case
     * @return the mode
     * @throws InvalidSettingException for anything else
     */
    public static AppMode parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "demo" -> DEMO;
            case "live" -> LIVE;
            default -> throw new InvalidSettingException("Application mode must be 'demo' or 'live', got '" + text + "'");
        };
    }
}
