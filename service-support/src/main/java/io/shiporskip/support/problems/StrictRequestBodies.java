package io.shiporskip.support.problems;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import com.fasterxml.jackson.databind.DeserializationFeature;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.io.IOException;
import java.util.List;

/**
 * Request bodies are read stricter than events: a repeated key is an error (not "the last one wins", which lets a
 * body mean two things to two parsers), so is anything after the JSON value, and text may not carry control characters other than tab and line breaks,
 * nor unpaired surrogates. NUL in particular cannot be stored in PostgreSQL text or jsonb: accepted, it would reach
 * the event store and stop the projection. Only the HTTP converter's copy of the mapper is changed; events are read
 * and written by the unchanged one.
 */
@AutoConfiguration
@ConditionalOnWebApplication
public class StrictRequestBodies implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        for (HttpMessageConverter<?> converter : converters) {
            if (converter instanceof MappingJackson2HttpMessageConverter json) {
                json.setObjectMapper(strict(json.getObjectMapper()));
            }
        }
    }

    static ObjectMapper strict(ObjectMapper mapper) {
        ObjectMapper copy = mapper.copy();
        copy.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        copy.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        // "50" is not a number and 50.5 not an integer
        copy.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        copy.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        SimpleModule module = new SimpleModule("plain-text").addDeserializer(String.class, new PlainText());
        module.setDeserializerModifier(new ExactEnumNames());
        copy.registerModule(module);
        return copy;
    }

    /**
     * Enum values by their exact name: Jackson otherwise trims the text first, and Java's trim strips every character
     * up to U+0020, so "\u0000SHIP" or "SHIP\t" would pass as SHIP.
     */
    static final class ExactEnumNames extends BeanDeserializerModifier {

        @Override
        public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                          BeanDescription description, JsonDeserializer<?> deserializer) {
            return new StdDelegatingExactEnum(deserializer, type.getRawClass());
        }
    }

    private static final class StdDelegatingExactEnum extends JsonDeserializer<Object>
            implements ContextualDeserializer {

        private final JsonDeserializer<?> delegate;
        private final Class<?> type;

        StdDelegatingExactEnum(JsonDeserializer<?> delegate, Class<?> type) {
            this.delegate = delegate;
            this.type = type;
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.hasToken(JsonToken.VALUE_STRING) ? parser.getText() : null;
            Object value = delegate.deserialize(parser, context);
            if (text != null && value instanceof Enum<?> constant && !constant.name().equals(text)) {
                throw InvalidFormatException.from(parser, "not one of the values accepted", text, type);
            }
            return value;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property)
                throws JsonMappingException {
            JsonDeserializer<?> contextual = delegate instanceof ContextualDeserializer c
                    ? c.createContextual(context, property) : delegate;
            return new StdDelegatingExactEnum(contextual, type);
        }
    }

    /** A JSON string (not a number or boolean coerced to one) that is plain text: no C0 control characters but tab, LF and CR; no unpaired surrogates. */
    static final class PlainText extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                // Jackson would turn 7, true or 1.5 into "7", "true", "1.5": a text field takes only text
                return (String) context.handleUnexpectedToken(String.class, parser);
            }
            String value = super.deserialize(parser, context);
            if (value != null && !isPlainText(value)) {
                throw InvalidFormatException.from(parser,
                        "text contains control characters or unpaired surrogates", value, String.class);
            }
            return value;
        }

        static boolean isPlainText(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                    return false;
                }
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                        return false;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }
}
