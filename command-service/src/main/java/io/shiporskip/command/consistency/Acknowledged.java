package io.shiporskip.command.consistency;

/** What a handled command answers: the handler's own result, and the consistency token of the state it left. */
public record Acknowledged(Object result, String token) {

    public <T> T resultAs(Class<T> type) {
        return type.cast(result);
    }
}
