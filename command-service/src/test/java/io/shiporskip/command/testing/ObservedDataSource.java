package io.shiporskip.command.testing;

import org.springframework.beans.factory.config.BeanPostProcessor;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The JDBC work a test wants to count, seen at the driver's door: JDK proxies of the service's {@link DataSource}, its
 * connections and their statements report each statement executed and each commit or rollback to a {@link Listener}
 * on the thread that did it. What counts is the listener's business ({@code VoteCostIT}: a vote's statements and
 * transactions; {@code RelayWakeCostIT}: the relay's reads of the store). Test code only.
 */
public final class ObservedDataSource {

    /** Told of the JDBC work, on the calling thread, before the driver does it. */
    public interface Listener {

        /**
         * A statement about to run: its SQL ({@code "[batch] " + sql} for {@code executeBatch}; null for a plain
         * {@code Statement.executeBatch}), on {@code connection}.
         */
        void executed(String sql, Connection connection) throws SQLException;

        /** {@code connection.commit()} ({@code committed}) or {@code rollback()} about to run. */
        void ended(Connection connection, boolean committed);
    }

    private ObservedDataSource() {
    }

    /** A post-processor giving every {@code DataSource} bean of the context (Axon's, the registries', ...) observed. */
    public static BeanPostProcessor observing(Listener listener) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource ds ? wrap(ds, listener) : bean;
            }
        };
    }

    public static DataSource wrap(DataSource target, Listener listener) {
        return proxy(DataSource.class, (method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection c ? connection(c, listener) : result;
        });
    }

    private static Connection connection(Connection target, Listener listener) {
        return proxy(Connection.class, (method, args) -> {
            switch (method.getName()) {
                case "commit" -> listener.ended(target, true);
                case "rollback" -> listener.ended(target, false);
                default -> {
                }
            }
            Object result = invoke(target, method, args);
            if (result instanceof Statement s && !method.getName().equals("unwrap")) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : null;
                return statement(s, sql, target, listener);
            }
            return result;
        });
    }

    private static Object statement(Statement target, String preparedSql, Connection connection, Listener listener) {
        Class<?> type = target instanceof CallableStatement ? CallableStatement.class
                : target instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return proxy(type, (method, args) -> {
            if (method.getName().startsWith("execute")) {
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
                listener.executed(method.getName().equals("executeBatch") ? "[batch] " + preparedSql : sql,
                        connection);
            }
            return invoke(target, method, args);
        });
    }

    private interface Call {
        Object on(Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Call call) {
        InvocationHandler handler = (p, method, args) -> call.on(method, args);
        return (T) Proxy.newProxyInstance(ObservedDataSource.class.getClassLoader(), new Class<?>[]{type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
