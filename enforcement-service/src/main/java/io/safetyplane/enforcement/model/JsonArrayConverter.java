package io.safetyplane.enforcement.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * A {@code jsonb} column holding an array of objects. Hibernate Reactive binds {@code SqlTypes.JSON} values as JSON
 * objects only (an array fails to bind), so such a column is mapped as text through this converter, with
 * {@code @ColumnTransformer(read = "cast(col as text)", write = "cast(cast(? as text) as jsonb)")} on the field.
 */
@Converter
public class JsonArrayConverter implements AttributeConverter<List<Map<String, Object>>, String> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<Map<String, Object>> value) {
        try {
            return JSON.writeValueAsString(value == null ? List.of() : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Map<String, Object>> convertToEntityAttribute(String json) {
        if (json == null) {
            return new ArrayList<>();
        }
        try {
            return JSON.readValue(json, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored JSON array does not parse: " + e.getMessage(), e);
        }
    }
}
