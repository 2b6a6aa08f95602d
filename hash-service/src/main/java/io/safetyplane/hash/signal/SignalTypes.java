package io.safetyplane.hash.signal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The signal types this service computes and matches. */
public final class SignalTypes {
    private final List<SignalType> all;
    private final Map<String, SignalType> byName;

    public SignalTypes(List<SignalType> types) {
        this.all = List.copyOf(types);
        this.byName = all.stream().collect(Collectors.toUnmodifiableMap(SignalType::name, Function.identity()));
    }

    public static SignalTypes standard() {
        return new SignalTypes(List.of(new PdqSignal(), CryptographicSignal.MD5, CryptographicSignal.SHA256));
    }

    public List<SignalType> all() {
        return all;
    }

    public Optional<SignalType> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    public List<String> names() {
        return all.stream().map(SignalType::name).toList();
    }
}
